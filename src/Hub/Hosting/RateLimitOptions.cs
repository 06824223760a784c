using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Hosting;

/// <summary>Requests per minute on <c>/graphql</c> and <c>/admin/*</c>, from the <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Per department, when the registry sets no quota of its own (<c>requestsPerMinute</c>).</summary>
    [Range(1, int.MaxValue)]
    public int DepartmentPerMinute { get; set; } = 600;

    /// <summary>Per steward (token subject).</summary>
    [Range(1, int.MaxValue)]
    public int StewardPerMinute { get; set; } = 600;

    /// <summary>Per citizen (token subject).</summary>
    [Range(1, int.MaxValue)]
    public int CitizenPerMinute { get; set; } = 60;

    /// <summary>Per client IP, for requests without a token the hub accepts.</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousPerMinute { get; set; } = 60;
}
