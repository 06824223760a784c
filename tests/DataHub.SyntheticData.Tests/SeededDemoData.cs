namespace DataHub.SyntheticData.Tests;

/// <summary>One seeding of 2,000 citizens shared by the consistency tests (seeding is the slow part).</summary>
public sealed class SeededDemoData : IDisposable
{
    public const int Citizens = 2_000;

    private readonly TempDirectory _directory = new();

    public SeededDemoData()
    {
        Options = new SeedOptions(Citizens, RandomSeed: 20261125);
        Summary = DemoDataSeeder.Seed(_directory.Path, Options, Progress);
    }

    public SeedOptions Options { get; }

    public SeedSummary Summary { get; }

    public RecordingProgress Progress { get; } = new();

    public string Directory => _directory.Path;

    public long Scalar(string sql) => DemoDb.Scalar(Directory, sql);

    public List<object?[]> Rows(string sql) => DemoDb.Rows(Directory, sql);

    public void Dispose() => _directory.Dispose();
}
