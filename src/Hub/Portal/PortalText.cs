namespace DataHub.Hub.Portal;

/// <summary>The labels of the citizen portal (<c>Resources/Portal/PortalText.resx</c>: Vietnamese, <c>.en.resx</c>: English).</summary>
public sealed class PortalText;
