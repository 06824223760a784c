using DataHub.Hub.Access;
using Microsoft.AspNetCore.Authorization;

namespace DataHub.Hub.Identity;

/// <summary>An authorization requirement: the request's resolved caller is one of these kinds.</summary>
public sealed class CallerRequirement(string refusalCode, string refusalMessage, params PrincipalKind[] kinds)
    : AuthorizationHandler<CallerRequirement>, IAuthorizationRequirement
{
    public string RefusalCode { get; } = refusalCode;

    public string RefusalMessage { get; } = refusalMessage;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        if (context.Resource is HttpContext http && HubCaller.Of(http)?.Principal is { } principal && requirement.Allows(principal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool Allows(HubPrincipal principal) => kinds.Contains(principal.Kind);
}
