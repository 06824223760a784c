using Microsoft.Data.Sqlite;

namespace DataHub.Departments.LienThong;

/// <summary>
/// A worker's memory, in its department's own database beside the records it writes: the cursor of the last event it
/// finished (<c>lien_thong_cursor</c>) and, per event it handled, the answer it owes the hub (<c>lien_thong_inbox</c>,
/// keyed by the received event's id). The record and the inbox row are written in one transaction, so a duplicate
/// delivery finds the row and writes nothing twice, and a crash before publishing publishes the same answer (same id).
/// An event that failed its last attempt is parked (<c>lien_thong_parked</c>: its id, kind, attempts and error code, no
/// personal data) and the cursor moves past it.
/// </summary>
public sealed class WorkerInbox(string databaseFile, string worker)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS lien_thong_inbox (
          event_id TEXT PRIMARY KEY, worker TEXT NOT NULL, handled_at TEXT NOT NULL,
          answer_id TEXT NULL, answer_kind TEXT NULL, answer_personal_id TEXT NULL,
          answer_related_personal_id TEXT NULL, answer_registration_number TEXT NULL);
        CREATE TABLE IF NOT EXISTS lien_thong_cursor (worker TEXT PRIMARY KEY, cursor TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS lien_thong_parked (
          event_id TEXT NOT NULL, worker TEXT NOT NULL, kind TEXT NOT NULL, attempts INTEGER NOT NULL,
          error_code TEXT NOT NULL, parked_at TEXT NOT NULL, PRIMARY KEY (worker, event_id));
        """;

    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30 }.ToString();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Schema, ct);
    }

    public async Task<string?> CursorAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT cursor FROM lien_thong_cursor WHERE worker = $worker", ("$worker", worker));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task SaveCursorAsync(string cursor, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            "INSERT INTO lien_thong_cursor (worker, cursor) VALUES ($worker, $cursor) ON CONFLICT(worker) DO UPDATE SET cursor = excluded.cursor",
            ("$worker", worker), ("$cursor", cursor));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Parks an event that failed its last attempt, and moves the cursor past it in the same transaction. Parked again
    /// (a redelivery after a restart that failed again): the newer attempt count and code.
    /// </summary>
    public async Task ParkAsync(string eventId, string kind, int attempts, string errorCode, string cursor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction,
            "INSERT INTO lien_thong_parked (event_id, worker, kind, attempts, error_code, parked_at) VALUES ($id, $worker, $kind, $attempts, $code, $at) " +
            "ON CONFLICT(worker, event_id) DO UPDATE SET attempts = excluded.attempts, error_code = excluded.error_code, parked_at = excluded.parked_at",
            ct,
            ("$id", eventId), ("$worker", worker), ("$kind", kind), ("$attempts", attempts), ("$code", errorCode),
            ("$at", now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        await ExecuteAsync(connection, transaction,
            "INSERT INTO lien_thong_cursor (worker, cursor) VALUES ($worker, $cursor) ON CONFLICT(worker) DO UPDATE SET cursor = excluded.cursor",
            ct, ("$worker", worker), ("$cursor", cursor));
        transaction.Commit();
    }

    /// <summary>How many events this worker has parked.</summary>
    public async Task<long> ParkedCountAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT count(*) FROM lien_thong_parked WHERE worker = $worker", ("$worker", worker));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The answer recorded for this event, when it was handled before: (true, answer or null for "nothing to publish").</summary>
    public static async Task<(bool Handled, Guid? AnswerId, EventAnswer? Answer)> RecallAsync(
        SqliteConnection connection, SqliteTransaction transaction, string eventId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction,
            "SELECT answer_id, answer_kind, answer_personal_id, answer_related_personal_id, answer_registration_number FROM lien_thong_inbox WHERE event_id = $id",
            ("$id", eventId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (false, null, null);
        }

        return reader.IsDBNull(0)
            ? (true, null, null)
            : (true, Guid.Parse(reader.GetString(0)), new EventAnswer(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
    }

    public async Task RememberAsync(
        SqliteConnection connection, SqliteTransaction transaction, string eventId, Guid? answerId, EventAnswer? answer, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO lien_thong_inbox (event_id, worker, handled_at, answer_id, answer_kind, answer_personal_id, answer_related_personal_id, answer_registration_number) " +
            "VALUES ($id, $worker, $at, $answer, $kind, $person, $related, $number)",
            ("$id", eventId), ("$worker", worker), ("$at", now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("$answer", answerId?.ToString()), ("$kind", answer?.Kind), ("$person", answer?.PersonalId), ("$related", answer?.RelatedPersonalId),
            ("$number", answer?.RegistrationNumber));
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // the workers' SQL is constant text; values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
