using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DataHub.Connectors.Sql;

/// <summary>
/// The batch reads a resolver level makes again and again (rows by key, list items by parent key) as prepared
/// ADO.NET commands: the SQL text is built once per entity and set of requested fields, and the statement is prepared
/// once per connection, not once per request. SQLite keeps a few open connections (<see cref="SqliteLane"/>), each
/// with its statements prepared; PostgreSQL takes pooled connections and lets Npgsql prepare the statements it sees
/// repeated (<c>Max Auto Prepare</c>), which stay prepared on the pooled physical connection. Key lists travel as one
/// parameter (a JSON array read by <c>json_each</c> on SQLite, a text array on PostgreSQL), so the text is the same
/// for any number of keys. EF Core keeps the model, filtered pages, counts and aggregates: their shape varies.
/// </summary>
internal sealed class SqlPreparedReads : IDisposable
{
    // Bounded: the number of field sets is finite but large; when full, start again rather than grow without end.
    private const int MaxCached = 512;

    // Open SQLite connections kept between calls; more are opened under a burst and closed when it passes.
    private const int MaxIdleLanes = 16;

    // Statements Npgsql keeps prepared per physical connection when the connection string does not say.
    private const int DefaultMaxAutoPrepare = 64;

    private readonly SqlProvider _provider;
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, SqlKeyRead> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SqliteLane> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public SqlPreparedReads(SqlConnectionSettings settings)
    {
        _provider = settings.Provider;
        _connectionString = settings.ConnectionString;
        if (_provider == SqlProvider.PostgreSQL)
        {
            var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            if (builder.MaxAutoPrepare == 0)
            {
                builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            }

            _connectionString = builder.ConnectionString;
        }
    }

    /// <summary>
    /// Rows of <paramref name="entity"/> whose key is one of the given keys, with only the fields asked for; in key
    /// order (the database's, as a page orders them) when <paramref name="inKeyOrder"/>.
    /// </summary>
    public SqlKeyRead ByKey(SqlEntityMap entity, IReadOnlyCollection<string> fields, bool inKeyOrder = false) =>
        Get($"{entity.TypeName}|{(inKeyOrder ? "key-ordered" : "key")}|{string.Join(',', fields.Order(StringComparer.Ordinal))}",
            () => Build(new SqlProjection(entity, fields), entity, entity.KeyColumn!, orderByKey: inKeyOrder));

    /// <summary>Items of a list field whose foreign key is one of the parent keys, in key order; the foreign key comes last.</summary>
    public SqlKeyRead ByParent(SqlEntityMap item, SqlColumn foreignKey, IReadOnlyCollection<string> fields) =>
        Get($"{item.TypeName}|{foreignKey.Name}|{string.Join(',', fields.Order(StringComparer.Ordinal))}",
            () => Build(new SqlProjection(item, fields, extra: foreignKey), item, foreignKey, orderByKey: true));

    /// <summary>Runs <paramref name="read"/> for <paramref name="keys"/>; database errors reach the caller as they are.</summary>
    public async Task<List<object?[]>> RunAsync(SqlKeyRead read, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _provider == SqlProvider.Sqlite ? RunOnLane(read, keys) : await RunOnPostgresAsync(read, keys, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var lane))
        {
            lane.Dispose();
        }
    }

    // Microsoft.Data.Sqlite reads synchronously even through its async methods, so the lane is used synchronously.
    private List<object?[]> RunOnLane(SqlKeyRead read, IReadOnlyCollection<string> keys)
    {
        var lane = Rent();
        try
        {
            var command = lane.Command(read.Sql, JsonSerializer.Serialize(keys));
            var rows = new List<object?[]>(keys.Count);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(read.ReadRow(reader));
                }
            }

            Return(lane);
            return rows;
        }
        catch
        {
            lane.Dispose(); // a lane whose statement failed is not trusted again
            throw;
        }
    }

    private async Task<List<object?[]>> RunOnPostgresAsync(SqlKeyRead read, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(read.Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys.ToArray() });
        var rows = new List<object?[]>(keys.Count);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read.ReadRow(reader));
        }

        return rows;
    }

    private SqliteLane Rent()
    {
        if (_idle.TryDequeue(out var lane))
        {
            Interlocked.Decrement(ref _idleCount);
            return lane;
        }

        return new SqliteLane(_connectionString);
    }

    private void Return(SqliteLane lane)
    {
        if (!_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdleLanes)
            {
                _idle.Enqueue(lane);
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        lane.Dispose();
    }

    private SqlKeyRead Get(string cacheKey, Func<SqlKeyRead> build)
    {
        if (_reads.TryGetValue(cacheKey, out var read))
        {
            return read;
        }

        if (_reads.Count >= MaxCached)
        {
            _reads.Clear();
        }

        return _reads.GetOrAdd(cacheKey, _ => build());
    }

    // The same statement EF Core wrote for these reads before (SQLite: IN over json_each; PostgreSQL: = ANY), so the
    // SQL a request causes reads the same in the SQL log.
    private SqlKeyRead Build(SqlProjection projection, SqlEntityMap entity, SqlColumn match, bool orderByKey)
    {
        var selected = projection.Columns.DistinctBy(c => c.Name).ToList();
        var alias = char.ToLowerInvariant(entity.TypeName[0]).ToString();
        var sql = new StringBuilder("SELECT ")
            .AppendJoin(", ", selected.Select(c => $"{Quote(alias)}.{Quote(c.Name)}"))
            .Append($"\nFROM {Quote(entity.Table!)} AS {Quote(alias)}\nWHERE {Quote(alias)}.{Quote(match.Name)} ");
        if (_provider == SqlProvider.Sqlite)
        {
            var keys = alias == "k" ? "k0" : "k";
            sql.Append($"IN (\n    SELECT {Quote(keys)}.\"value\"\n    FROM json_each(@keys) AS {Quote(keys)}\n)");
        }
        else
        {
            sql.Append("= ANY (@keys)");
        }

        if (orderByKey)
        {
            sql.Append($"\nORDER BY {Quote(alias)}.{Quote(entity.KeyColumn!.Name)}");
        }

        return new SqlKeyRead(projection, sql.ToString(), selected);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
