using DataHub.Hub.Audit;
using DataHub.Hub.GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DataHub.Hub.Identity;

/// <summary>
/// How a refused caller is answered on every route: 401 with <c>WWW-Authenticate</c> without a valid token, 403 with
/// the stable code (a token whose application is no active department, or a caller of the wrong kind) — each audited
/// as a rejected request, in the shape every client parses.
/// </summary>
public sealed class CallerRefusals(AuditWriter audit) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var http = context;
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        var caller = HubCaller.Of(http);
        if (caller is null)
        {
            await TryAuditAsync(http, ErrorCodes.Unauthenticated);
            await http.ChallengeAsync(); // the default scheme: with an external CitizenId authority, the one the token's issuer picks
            return;
        }

        var requirement = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<CallerRequirement>().FirstOrDefault();
        var (code, message) = caller.Refusal is { } refusal ? (refusal.Code, refusal.Message)
            : (requirement?.RefusalCode ?? ErrorCodes.Forbidden, requirement?.RefusalMessage ?? "This caller may not use this route.");
        await TryAuditAsync(http, code, caller);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await IdentityServiceExtensions.WriteErrorAsync(http.Response, code, message);
    }

    // A refusal discloses nothing, so an audit store that cannot be written does not change the answer.
    private async Task TryAuditAsync(HttpContext http, string code, HubCaller? caller = null)
    {
        try
        {
            await audit.AppendAsync(AuditRecords.For(http.TraceIdentifier, caller?.Principal, null, null, null, [], [], "rejected", [code]));
        }
        catch (AuditUnavailableException)
        {
        }
    }
}
