using DataHub.Hub.Web;

namespace DataHub.Hub.Portal;

/// <summary>
/// What every portal page is rendered with: its path, the signed-in citizen's level and the level consent needs, whose
/// consent the page manages (null: the citizen's own; else a minor they represent), the minors they represent, the
/// province's clock, and the outcome of the change it answers.
/// </summary>
public sealed record PortalPage(
    string Path, int Level, int ConsentLevel, string? For, IReadOnlyList<RepresentedView> Represented, LocalTime Time,
    IReadOnlyList<PortalError> Errors, bool Done)
{
    public bool MayChangeConsent => Level >= ConsentLevel;

    /// <summary>A portal link that keeps whose consent is managed.</summary>
    public string Link(string path) => For is null ? path : $"{path}?for={Uri.EscapeDataString(For)}";
}

/// <summary>A minor the citizen represents, as the portal lists them.</summary>
public sealed record RepresentedView(string PersonalId, string FullName);

/// <summary>A refusal shown on a page: its stable code and its message.</summary>
public sealed record PortalError(string Code, string Message);
