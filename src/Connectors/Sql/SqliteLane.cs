using Microsoft.Data.Sqlite;

namespace DataHub.Connectors.Sql;

/// <summary>
/// An open SQLite connection with its key reads prepared once. Microsoft.Data.Sqlite finalizes a connection's
/// statements when it goes back to its pool, so a pooled connection prepares every statement again; a lane stays
/// open. One caller at a time: <see cref="SqlPreparedReads"/> hands a lane out and takes it back.
/// </summary>
internal sealed class SqliteLane : IDisposable
{
    // Bounded like the reads themselves: when full, the prepared statements are dropped and prepared again on use.
    private const int MaxPrepared = 128;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteLane(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
    }

    /// <summary>The prepared command for <paramref name="sql"/>, its one parameter <c>@keys</c> set to a JSON array.</summary>
    public SqliteCommand Command(string sql, string keysJson)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxPrepared)
            {
                DisposeCommands();
            }

            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add("@keys", SqliteType.Text);
            command.Prepare();
            _commands[sql] = command;
        }

        command.Parameters[0].Value = keysJson;
        return command;
    }

    public void Dispose()
    {
        DisposeCommands();
        _connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
