namespace DataHub.Hub.Web;

/// <summary>One link of a page's navigation: where it goes and its label (already localised).</summary>
public sealed record NavLink(string Href, string Label);
