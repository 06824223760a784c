using DataHub.Hub.Web;
using Microsoft.Extensions.Localization;

namespace DataHub.Hub.Admin.ConsolePages;

/// <summary>The console's pages in the order of its header. A new page adds its path and the key of its label here.</summary>
public static class ConsoleNavigation
{
    public static IReadOnlyList<(string Path, string LabelKey)> Entries { get; } =
    [
        ("/", "Nav_Departments"),
        ("/matrix", "Nav_Matrix"),
        ("/requests", "Nav_Requests"),
        ("/documents", "Nav_Documents"),
        ("/grants", "Nav_Grants"),
        ("/audit", "Nav_Audit"),
        ("/changes", "Nav_Changes"),
        ("/citizen", "Nav_Citizen"),
        ("/quality", "Nav_Quality"),
        ("/dossiers", "Nav_Dossiers"),
    ];

    public static IReadOnlyList<NavLink> Links(IStringLocalizer text) =>
        Entries.Select(e => new NavLink(StewardConsole.Path + e.Path, text[e.LabelKey])).ToList();
}
