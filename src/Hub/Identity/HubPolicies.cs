using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using Microsoft.AspNetCore.Authorization;

namespace DataHub.Hub.Identity;

/// <summary>
/// The authorization policies on the hub's route groups: who may call a surface at all. What a caller may read
/// there is decided per operation by <see cref="AccessDecisions"/>.
/// </summary>
public static class HubPolicies
{
    /// <summary>Any resolved caller: a department, a steward or a citizen (<c>/graphql</c>).</summary>
    public const string Caller = "Caller";

    /// <summary>Data stewards (<c>/admin/*</c>).</summary>
    public const string Steward = "Steward";

    /// <summary>Stewards, and departments asking for access (<c>/admin/graphql</c>).</summary>
    public const string StewardOrDepartment = "StewardOrDepartment";

    public static IServiceCollection AddHubPolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, CallerRefusals>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Caller, policy => policy.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(
                ErrorCodes.Forbidden, "The token is valid but names no department, steward or citizen.",
                PrincipalKind.Department, PrincipalKind.Steward, PrincipalKind.Citizen)))
            .AddPolicy(Steward, policy => policy.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(
                ErrorCodes.StewardOnly, "Only data stewards may use /admin.", PrincipalKind.Steward)))
            .AddPolicy(StewardOrDepartment, policy => policy.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(
                ErrorCodes.StewardOnly, "The admin API is for data stewards (and departments asking for access).",
                PrincipalKind.Steward, PrincipalKind.Department)));
        return services;
    }
}
