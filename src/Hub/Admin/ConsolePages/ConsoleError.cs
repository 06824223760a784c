namespace DataHub.Hub.Admin.ConsolePages;

/// <summary>An error a page shows: the stable code of the admin API and what to do.</summary>
public sealed record ConsoleError(string Code, string Message);
