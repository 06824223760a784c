using DataHub.Hub.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace DataHub.Hub.Admin.ConsolePages;

/// <summary>
/// What every console page is rendered with: its path, who is signed in (null on the sign-in page), the antiforgery
/// token its forms carry, the province's clock, and the outcome of the change it answers (errors with their codes, or done).
/// </summary>
public sealed record ConsolePage(
    string Path, string? User, AntiforgeryTokenSet Antiforgery, LocalTime Time, IReadOnlyList<ConsoleError> Errors, bool Done);
