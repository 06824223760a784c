using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>The hub's settings, bound from the <c>DataHub</c> configuration section.</summary>
public sealed class DataHubOptions
{
    public const string SectionName = "DataHub";

    /// <summary>Where the source schemas and mappings are (<c>schema/</c>), relative to the content root.</summary>
    [Required]
    public string SchemaDirectory { get; set; } = "../../schema";

    /// <summary>Where the embedded SQLite databases and local keys live, relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the Banana Cake Pop files are, relative to the content root (fetched from npm by the build).</summary>
    public string IdeDirectory { get; set; } = "Ide/node_modules/@chillicream/bananacakepop-graphql-ide";

    /// <summary>Where chart.js's built files are, for the IOC dashboard, relative to the content root (fetched from npm by the build).</summary>
    public string ChartJsDirectory { get; set; } = "Ioc/node_modules/chart.js/dist";

    /// <summary>Create the demo databases on start when they are missing.</summary>
    public bool SeedDemoDataOnStart { get; set; } = true;

    /// <summary>How many citizens the demo data has when created on start.</summary>
    [Range(10, 10_000_000)]
    public int DemoCitizens { get; set; } = 10_000;

    /// <summary>
    /// The share of eligible records of each kind of discrepancy the demo data is damaged with (listed in
    /// <c>discrepancies.json</c>), so the data-quality rules have something true to find; 0 for consistent data.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, SyntheticData.SeedOptions.MaxDiscrepancyRate)]
    public double DemoDiscrepancyRate { get; set; } = 0.002;

    /// <summary>Write the composed schema to <c>schema/composite.graphql</c> when it changed.</summary>
    public bool WriteCompositeSchema { get; set; } = true;

    /// <summary>Keep the SQL text each source ran (no values), for tests and diagnostics.</summary>
    public bool RecordSql { get; set; }

    public string ResolvePath(string contentRoot, string path) => Path.GetFullPath(Path.Combine(contentRoot, path));
}

/// <summary>
/// Where one source lives, from <c>Sources:&lt;name&gt;</c> (named options, one name per source); connection strings
/// come from configuration only. Checked on start by <see cref="SourceConnectionValidation"/>.
/// </summary>
public sealed class SourceConnectionOptions
{
    public const string SectionName = "Sources";

    public string Provider { get; set; } = "Sqlite";

    public string? ConnectionString { get; set; }

    /// <summary>For a remote source (connector "graphql" or "rest"): its GraphQL endpoint or REST base URL.</summary>
    public string? Url { get; set; }

    /// <summary>For a remote source: how long one request may take before its fields are SOURCE_UNAVAILABLE.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>For a remote source: failed requests (half or more of those in 30 s) that open its circuit breaker.</summary>
    public int FailuresBeforeBreak { get; set; } = 5;

    /// <summary>For a remote source: the longest break of an open circuit (each failed probe doubles the break up to this).</summary>
    public double BreakSeconds { get; set; } = 5;

    /// <summary>For a remote source: the first break after its circuit opens; then one call probes the source.</summary>
    public double MinBreakSeconds { get; set; } = 1;

    /// <summary>
    /// How old the source's data may be and still count as fresh (its declared freshness window): answers say so in
    /// <c>extensions.sources</c>.
    /// </summary>
    public double FreshnessMinutes { get; set; } = 1440;
}

/// <summary>Checks each source's settings, naming the configuration key that is wrong.</summary>
public sealed class SourceConnectionValidation : IValidateOptions<SourceConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{SourceConnectionOptions.SectionName}:{name}";
        var problems = new List<string>();
        if (options.TimeoutSeconds is <= 0 or > 300)
        {
            problems.Add($"{key}:TimeoutSeconds must be more than 0 and at most 300 (is {options.TimeoutSeconds}).");
        }

        if (options.FailuresBeforeBreak is < 2 or > 1000)
        {
            problems.Add($"{key}:FailuresBeforeBreak must be from 2 to 1000 (is {options.FailuresBeforeBreak}).");
        }

        if (options.MinBreakSeconds is < 0.5 or > 3600)
        {
            problems.Add($"{key}:MinBreakSeconds must be from 0.5 to 3600 (is {options.MinBreakSeconds}).");
        }

        if (options.BreakSeconds < options.MinBreakSeconds || options.BreakSeconds > 3600)
        {
            problems.Add($"{key}:BreakSeconds must be from MinBreakSeconds ({options.MinBreakSeconds}) to 3600 (is {options.BreakSeconds}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
