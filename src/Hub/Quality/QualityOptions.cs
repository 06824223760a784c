using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Quality;

/// <summary>The reconciliation's settings, section <c>Quality</c>.</summary>
public sealed class QualityOptions
{
    public const string SectionName = "Quality";

    /// <summary>
    /// Citizens (or records) read per batch, from every source at once. Bounded by the REST source's URL, which carries
    /// the batch's keys: 400 IDs are about 5 KB, under Kestrel's 8 KB request line.
    /// </summary>
    [Range(10, 400)]
    public int BatchSize { get; set; } = 400;

    /// <summary>The reconciliation's store, relative to <c>DataHub:DataDirectory</c>.</summary>
    [Required]
    public string StoreFile { get; set; } = "quality.db";

    /// <summary>The day ages are counted on (<c>yyyy-MM-dd</c>); empty: today (UTC). Tests and the demo pin it.</summary>
    public string? ReferenceDate { get; set; }

    /// <summary>Finished runs the trend of <c>dataQuality</c> reaches back over.</summary>
    [Range(1, 100)]
    public int TrendRuns { get; set; } = 10;

    /// <summary>Re-check the citizens a life event is about, in the newest finished run, as events arrive.</summary>
    public bool RecheckOnEvents { get; set; } = true;
}
