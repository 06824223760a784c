using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Health;

/// <summary>How fresh the health status must be, from the <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// How long one check of the databases and sources answers every <c>/healthz</c>: a flood of calls checks them at
    /// most once per this many seconds. 0 checks on every call (still one check for calls that arrive together).
    /// </summary>
    [Range(0, 3600)]
    public double CacheSeconds { get; set; } = 5;
}
