using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace DataHub.Hub.Seeding;

/// <summary>
/// Copies the demo source databases from SQLite into PostgreSQL, one schema per source (population, land,
/// social-welfare), with the same tables, columns and indexes, so the SQL connector can be pointed at either.
/// Point a source at it with <c>Sources:&lt;source&gt;:Provider=PostgreSQL</c> and a connection string ending in
/// <c>Search Path=&lt;source&gt;</c>.
/// </summary>
public static class PostgresDemoData
{
    public static readonly string[] Sources = ["population", "land", "social-welfare"];

    public static async Task<long> CopyAsync(string dataDirectory, string connectionString, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        long rows = 0;
        await using var target = new NpgsqlConnection(connectionString);
        await target.OpenAsync(cancellationToken);
        foreach (var source in Sources)
        {
            await Execute(target, $"DROP SCHEMA IF EXISTS \"{source}\" CASCADE; CREATE SCHEMA \"{source}\";", cancellationToken);
            await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, source + ".db")};Mode=ReadOnly;Pooling=False");
            await sqlite.OpenAsync(cancellationToken);
            foreach (var (table, indexes) in Tables(sqlite))
            {
                var columns = Columns(sqlite, table);
                var definitions = string.Join(", ", columns.Select((c, i) => $"\"{c.Name}\" {c.PgType}{(i == 0 ? " PRIMARY KEY" : "")}"));
                await Execute(target, $"CREATE TABLE \"{source}\".\"{table}\" ({definitions});", cancellationToken);
                rows += await CopyRowsAsync(sqlite, target, source, table, columns, cancellationToken);
                foreach (var index in indexes)
                {
                    await Execute(target, index.Replace($" ON {table}(", $" ON \"{source}\".\"{table}\"(", StringComparison.Ordinal), cancellationToken);
                }

                progress?.Invoke($"{source}.{table}");
            }
        }

        return rows;
    }

    private static async Task<long> CopyRowsAsync(
        SqliteConnection sqlite, NpgsqlConnection target, string source, string table, List<Column> columns, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var writer = await target.BeginBinaryImportAsync(
            $"COPY \"{source}\".\"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await using var read = sqlite.CreateCommand();
        read.CommandText = $"SELECT {names} FROM \"{table}\"";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }

                switch (columns[i].PgType)
                {
                    case "date":
                        await writer.WriteAsync(DateOnly.ParseExact(reader.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date, cancellationToken);
                        break;
                    case "integer":
                        await writer.WriteAsync(reader.GetInt32(i), NpgsqlDbType.Integer, cancellationToken);
                        break;
                    case "double precision":
                        await writer.WriteAsync(reader.GetDouble(i), NpgsqlDbType.Double, cancellationToken);
                        break;
                    default:
                        await writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken);
                        break;
                }
            }

            count++;
        }

        await writer.CompleteAsync(cancellationToken);
        return count;
    }

    private static List<(string Table, List<string> Indexes)> Tables(SqliteConnection sqlite)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'seed_info' ORDER BY name";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return tables.Select(table =>
        {
            using var indexes = sqlite.CreateCommand();
            indexes.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL";
            indexes.Parameters.AddWithValue("$table", table);
            using var reader = indexes.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0).Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal) + ";");
            }

            return (table, list);
        }).ToList();
    }

    /// <summary>SQLite's declared types, with dates (stored as yyyy-MM-dd text) typed as dates.</summary>
    private static List<Column> Columns(SqliteConnection sqlite, string table)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA table_info(\"{table}\")";
        using var reader = command.ExecuteReader();
        var columns = new List<Column>();
        while (reader.Read())
        {
            var name = reader.GetString(1);
            var declared = reader.GetString(2).ToUpperInvariant();
            var isDate = declared == "TEXT" && (name.StartsWith("date_of_", StringComparison.Ordinal) || name.EndsWith("_on", StringComparison.Ordinal));
            columns.Add(new Column(name, declared switch
            {
                "INTEGER" => "integer",
                "REAL" => "double precision",
                _ when isDate => "date",
                _ => "text",
            }));
        }

        return columns;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Column(string Name, string PgType);
}
