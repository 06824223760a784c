namespace DataHub.Hub.Hosting;

/// <summary>The hub's settings, bound from the <c>DataHub</c> configuration section.</summary>
public sealed class DataHubOptions
{
    public const string SectionName = "DataHub";

    /// <summary>Where the source schemas and mappings are (<c>schema/</c>), relative to the content root.</summary>
    public string SchemaDirectory { get; set; } = "../../schema";

    /// <summary>Where the embedded SQLite databases and local keys live, relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the Banana Cake Pop files are, relative to the content root (fetched from npm by the build).</summary>
    public string IdeDirectory { get; set; } = "Ide/node_modules/@chillicream/bananacakepop-graphql-ide";

    /// <summary>Create the demo databases on start when they are missing.</summary>
    public bool SeedDemoDataOnStart { get; set; } = true;

    /// <summary>How many citizens the demo data has when created on start.</summary>
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

/// <summary>Where one source lives, from <c>Sources:&lt;name&gt;</c>; connection strings come from configuration only.</summary>
public sealed class SourceConnectionOptions
{
    public string Provider { get; set; } = "Sqlite";

    public string? ConnectionString { get; set; }

    /// <summary>For a remote source (connector "graphql" or "rest"): its GraphQL endpoint or REST base URL.</summary>
    public string? Url { get; set; }

    /// <summary>For a remote source: how long one request may take before its fields are SOURCE_UNAVAILABLE.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>For a remote source: failed requests (half or more of those in 30 s) that open its circuit breaker.</summary>
    public int FailuresBeforeBreak { get; set; } = 5;

    /// <summary>For a remote source: how long an open circuit fails calls at once before it lets one through again.</summary>
    public double BreakSeconds { get; set; } = 30;

    /// <summary>
    /// How old the source's data may be and still count as fresh (its declared freshness window): answers say so in
    /// <c>extensions.sources</c>.
    /// </summary>
    public double FreshnessMinutes { get; set; } = 1440;
}
