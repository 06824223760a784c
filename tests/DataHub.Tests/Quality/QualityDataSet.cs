using DataHub.Hub.Quality;
using DataHub.SyntheticData;
using DataHub.Tests.Connectors;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Quality;

/// <summary>
/// A demo data set damaged at a known rate (its manifest says where), with the two department services over it and a
/// hub whose reconciliation counts ages on the demo's reference date. Deleted afterwards.
/// </summary>
public sealed class QualityDataSet : IAsyncDisposable
{
    private QualityDataSet(string directory, DepartmentServices departments, HubFactory hub, DiscrepancyManifest manifest)
    {
        DataDirectory = directory;
        Departments = departments;
        Hub = hub;
        Manifest = manifest;
    }

    public string DataDirectory { get; }

    public DepartmentServices Departments { get; }

    public HubFactory Hub { get; }

    public DiscrepancyManifest Manifest { get; }

    public QualityEngine Engine => Hub.Services.GetRequiredService<QualityEngine>();

    public static async Task<QualityDataSet> CreateAsync(int citizens, double rate, string storeFile = "quality.db")
    {
        var directory = Path.Combine(Path.GetTempPath(), "datahub-quality-" + Guid.NewGuid().ToString("N"));
        var seed = new SeedOptions(citizens, DiscrepancyRate: rate);
        DemoDataSeeder.Seed(directory, seed);
        var departments = await DepartmentServices.StartAsync(directory, seed);
        var hub = new HubFactory(directory, departments.HubSettings(
            ("Quality:ReferenceDate", DemoCalendar.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("Quality:StoreFile", storeFile)));
        return new QualityDataSet(directory, departments, hub, DiscrepancyManifest.Read(Path.Combine(directory, DiscrepancyManifest.FileName)));
    }

    /// <summary>Every finding of a run, as (rule, key).</summary>
    public async Task<HashSet<(string Rule, string Key)>> FindingsAsync(long runId) =>
        (await Engine.Store.FindingsAsync(runId, Engine.Rules.Rules.Select(r => r.Code).ToList(), null, CancellationToken.None))
            .Select(f => (f.Rule, f.Key)).ToHashSet();

    /// <summary>Changes a source database behind the hub's back, as a department's own application would.</summary>
    public void Execute(string database, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, database)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public async ValueTask DisposeAsync()
    {
        Hub.Dispose();
        await Departments.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
