using DataHub.SyntheticData;
using Microsoft.Data.Sqlite;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// A small demo data set (2,000 citizens), seeded once into a temporary folder and shared by the tests of a
/// collection; deleted afterwards.
/// </summary>
public sealed class DemoDataFixture : IDisposable
{
    public const int Citizens = 2_000;

    public DemoDataFixture()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "datahub-tests-" + Guid.NewGuid().ToString("N"));
        DemoDataSeeder.Seed(DataDirectory, new SeedOptions(Citizens));
    }

    public string DataDirectory { get; }

    /// <summary>Reads the seeded data directly, to compare what the hub answers with what the database holds.</summary>
    public T Scalar<T>(string source, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, source + ".db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<string> Column(string source, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, source + ".db")};Mode=ReadOnly;Pooling=False");
        return DirectSql.Column(connection, sql);
    }

    public void Dispose()
    {
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

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<DemoDataFixture>
{
    public const string Name = "hub";
}
