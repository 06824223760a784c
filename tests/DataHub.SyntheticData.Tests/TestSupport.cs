using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataHub.SyntheticData;
using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData.Tests;

/// <summary>A fresh directory under the system temp folder, deleted (with its SQLite files) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datahub-seed-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled connections keep the files open; release them before deleting.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Collects progress synchronously (<see cref="Progress{T}"/> would post reports to the thread pool).</summary>
public sealed class RecordingProgress : IProgress<SeedProgress>
{
    private readonly List<SeedProgress> _reports = [];

    public IReadOnlyList<SeedProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(SeedProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

/// <summary>Read helpers over a seeded directory; land and welfare are attached to population for cross-database joins.</summary>
public static class DemoDb
{
    public static SqliteConnection Open(string directory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(directory, DemoDataSeeder.PopulationFile),
            Mode = SqliteOpenMode.ReadOnly,

            // A pooled connection would come back with the databases still attached.
            Pooling = false,
        }.ToString());
        connection.Open();
        using var attach = connection.CreateCommand();
        attach.CommandText = "ATTACH DATABASE $land AS land; ATTACH DATABASE $welfare AS welfare;";
        attach.Parameters.AddWithValue("$land", System.IO.Path.Combine(directory, DemoDataSeeder.LandFile));
        attach.Parameters.AddWithValue("$welfare", System.IO.Path.Combine(directory, DemoDataSeeder.WelfareFile));
        attach.ExecuteNonQuery();
        return connection;
    }

    public static long Scalar(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static List<object?[]> Rows(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>SHA-256 over every value of the table in primary-key order; equal hashes mean equal contents.</summary>
    public static string TableHash(string directory, string table, string orderBy)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in Rows(directory, $"SELECT * FROM {table} ORDER BY {orderBy}"))
        {
            foreach (var value in row)
            {
                var text = value switch
                {
                    null => "\0NULL",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                };
                sha.AppendData(Encoding.UTF8.GetBytes(text + "\u001f"));
            }

            sha.AppendData("\u001e"u8);
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    public static readonly (string Table, string OrderBy)[] AllTables =
    [
        ("households", "household_id"),
        ("citizens", "personal_id"),
        ("land.land_parcels", "parcel_id"),
        ("land.land_use_rights", "right_id"),
        ("welfare.benefit_cases", "case_id"),
        ("seed_info", "key"),
    ];
}
