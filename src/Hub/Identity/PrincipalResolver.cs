using System.Security.Claims;
using DataHub.Domain;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Identity;

/// <summary>Why an authenticated token is still refused (403), with a stable code.</summary>
public sealed record PrincipalRefusal(string Code, string Message);

/// <summary>
/// Turns a validated token into a <see cref="HubPrincipal"/>: its app role says what it is; a department app's
/// application id must belong to an active department in the registry (read from the cached policy).
/// </summary>
public sealed class PrincipalResolver(AccessDecisions decisions, Microsoft.Extensions.Options.IOptions<CitizenIdOptions> citizenId)
{
    public Task<(HubPrincipal? Principal, PrincipalRefusal? Refusal)> ResolveAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Task.FromResult(Resolve(user));

    public (HubPrincipal? Principal, PrincipalRefusal? Refusal) Resolve(ClaimsPrincipal user)
    {
        var roles = user.FindAll(HubClaims.Roles).Select(c => c.Value).ToHashSet();
        var subject = user.FindFirst(HubClaims.Subject)?.Value ?? "unknown";

        if (roles.Contains(HubClaims.StewardRole))
        {
            return (HubPrincipal.ForSteward(subject, user.FindFirst(HubClaims.Name)?.Value), null);
        }

        if (roles.Contains(HubClaims.CitizenRole))
        {
            if (!PersonalId.TryParse(user.FindFirst(HubClaims.PersonalId)?.Value, out var id, out _))
            {
                return (null, new PrincipalRefusal(ErrorCodes.InvalidCitizenToken, "The citizen token carries no valid personal ID."));
            }

            // The electronic-ID level is part of the principal: a citizen token without it is refused, never taken as level 1.
            var levelClaim = citizenId.Value.LevelClaim;
            return CitizenIdOptions.LevelOf(user.FindFirst(levelClaim)?.Value) is { } level
                ? (HubPrincipal.ForCitizen(id.ToString(), subject, level), null)
                : (null, new PrincipalRefusal(ErrorCodes.ElectronicIdLevelMissing,
                    $"The citizen token carries no electronic-ID level (claim '{levelClaim}', 1 or 2); sign in again through the e-ID app."));
        }

        if (!roles.Contains(HubClaims.DepartmentRole))
        {
            return (null, new PrincipalRefusal(ErrorCodes.NoRole,
                $"The token has none of the roles {HubClaims.DepartmentRole}, {HubClaims.StewardRole}, {HubClaims.CitizenRole}."));
        }

        var applicationId = user.FindFirst(HubClaims.AuthorizedParty)?.Value ?? user.FindFirst(HubClaims.ApplicationId)?.Value;
        var department = applicationId is null ? null : decisions.Policy.DepartmentOfApplication(applicationId);
        return department switch
        {
            null => (null, new PrincipalRefusal(ErrorCodes.UnknownDepartment,
                "The token's application is not registered as a department; ask a data steward to register it.")),
            { IsActive: false } => (null, new PrincipalRefusal(ErrorCodes.DepartmentInactive,
                $"The department '{department.Code}' is inactive; ask a data steward.")),
            _ => (HubPrincipal.ForDepartment(department.Code, subject), null),
        };
    }
}
