using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData;

/// <summary>
/// Bulk-writes one SQLite file: WAL and synchronous=OFF while loading (the file is a scratch copy until it is moved
/// into place, so a crash only loses the copy), one transaction per <see cref="RowsPerTransaction"/> rows, and
/// prepared commands reused for every row. <see cref="Finish"/> leaves a self-contained file in rollback-journal
/// mode, with no -wal/-shm companions.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    public const int RowsPerTransaction = 50_000;

    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private SqliteTransaction? _transaction;
    private int _rowsInTransaction;

    private SqliteWriter(SqliteConnection connection) => _connection = connection;

    public static SqliteWriter Create(string path, string schema)
    {
        DeleteWithCompanions(path);
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        var writer = new SqliteWriter(connection);
        try
        {
            connection.Open();
            writer.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072;");
            writer.Execute(schema);
            writer.Execute(DemoSchema.SeedInfo);
            writer.BeginBatch();
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Pooling is off so that closing a connection releases the file at once (it is moved or deleted next).</summary>
    public static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    public static void DeleteWithCompanions(string path)
    {
        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        File.Delete(path + "-journal");
    }

    public Inserter Prepare(string table, params string[] columns)
    {
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))
            .Append(')')
            .ToString();
        var command = _connection.CreateCommand();
#pragma warning disable CA2100 // Table and column names are constants of this assembly; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = _transaction;
        var parameters = new SqliteParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
        }

        command.Prepare();
        _commands.Add(command);
        return new Inserter(this, command, parameters);
    }

    public void WriteSeedInfo(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var insert = Prepare("seed_info", "key", "value");
        foreach (var (key, value) in entries)
        {
            insert.Insert(key, value);
        }
    }

    /// <summary>Runs <paramref name="sql"/> (an index, say) and commits it with any pending rows.</summary>
    public void ExecuteAndCommit(string sql)
    {
        Execute(sql);
        Commit();
        BeginBatch();
    }

    /// <summary>Commits, folds the WAL into the database and switches back to a single-file journal mode.</summary>
    public void Finish()
    {
        Commit();
        Execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
        _connection.Close();
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        _transaction?.Dispose();
        _connection.Dispose();
    }

    private void RowWritten()
    {
        if (++_rowsInTransaction < RowsPerTransaction)
        {
            return;
        }

        Commit();
        BeginBatch();
    }

    private void BeginBatch()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in _commands)
        {
            command.Transaction = _transaction;
        }
    }

    private void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _rowsInTransaction = 0;
        foreach (var command in _commands)
        {
            command.Transaction = null;
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
#pragma warning disable CA2100 // Only constant DDL and pragmas of this assembly.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>A prepared INSERT for one table; values are given in column order.</summary>
    internal sealed class Inserter(SqliteWriter writer, SqliteCommand command, SqliteParameter[] parameters)
    {
        public void Insert(params ReadOnlySpan<object?> values)
        {
            if (values.Length != parameters.Length)
            {
                throw new ArgumentException($"Expected {parameters.Length} values, got {values.Length}.", nameof(values));
            }

            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    var value => value,
                };
            }

            command.ExecuteNonQuery();
            writer.RowWritten();
        }
    }
}
