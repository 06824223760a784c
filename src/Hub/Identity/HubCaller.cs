using DataHub.Hub.Access;

namespace DataHub.Hub.Identity;

/// <summary>
/// The caller of one HTTP request, resolved once from its validated token (<see cref="CallerResolution"/>) and kept
/// on the request: every endpoint, policy and audit entry reads this, none resolves the token again.
/// </summary>
public sealed record HubCaller(HubPrincipal? Principal, PrincipalRefusal? Refusal)
{
    public static HubCaller? Of(HttpContext http) => http.Features.Get<HubCaller>();
}
