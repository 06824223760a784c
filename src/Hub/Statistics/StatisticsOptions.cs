using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Statistics;

/// <summary>Disclosure control and caching of the statistics (section <c>DataHub:Statistics</c>).</summary>
public sealed class StatisticsOptions
{
    public const string SectionName = "DataHub:Statistics";

    /// <summary>k: a cell counting fewer citizens (records) than this is suppressed, and so is its complement. 0 turns suppression off.</summary>
    [Range(0, 1000)]
    public int MinimumCellCount { get; set; } = 10;

    /// <summary>Cell-key perturbation of published counts and sums. Off only for tests and stewards' checks against the sources.</summary>
    public bool Perturbation { get; set; } = true;

    /// <summary>The secret the record keys and the perturbation table derive from; whoever knows it can undo the noise.</summary>
    [Required]
    [MinLength(16)]
    public string CellKeySecret { get; set; } = "";

    /// <summary>How long a computed figure is served from the cache; a life event drops the cache sooner. 0: never cached.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;
}
