using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DataHub.Hub.Quality;

/// <summary>
/// The reconciliation's own store (SQLite, <c>Quality:StoreFile</c> under the data directory): runs with their
/// checkpoint, per-rule counts and findings. Each batch's findings, counts and cursor commit in one transaction, so a
/// run stopped anywhere resumes from its last batch and ends with exactly what an uninterrupted run would hold.
/// </summary>
public sealed class QualityStore(string file)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT NULL, status TEXT NOT NULL,
          rules TEXT NOT NULL, phase INTEGER NOT NULL, cursor TEXT NULL, batches INTEGER NOT NULL, source_calls TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS counts (
          run_id INTEGER NOT NULL, rule TEXT NOT NULL, checked INTEGER NOT NULL, failed INTEGER NOT NULL, PRIMARY KEY (run_id, rule));
        CREATE TABLE IF NOT EXISTS findings (
          run_id INTEGER NOT NULL, rule TEXT NOT NULL, key TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (run_id, rule, key));
        """;

    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
    private bool _created;

    public async Task<QualityRun> StartAsync(IReadOnlyList<string> rules, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO runs (started_at, status, rules, phase, batches, source_calls) VALUES ($at, $status, $rules, 0, 0, '{}') RETURNING id";
        command.Parameters.AddWithValue("$at", Time(DateTime.UtcNow));
        command.Parameters.AddWithValue("$status", QualityRun.Running);
        command.Parameters.AddWithValue("$rules", string.Join(',', rules));
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return (await FindAsync(id, ct))!;
    }

    /// <summary>The newest run not finished (stopped or cut off), to resume.</summary>
    public async Task<QualityRun?> UnfinishedAsync(CancellationToken ct) =>
        (await RunsAsync("WHERE status <> 'finished' ORDER BY id DESC LIMIT 1", ct)).FirstOrDefault();

    /// <summary>Finished runs, newest first.</summary>
    public Task<List<QualityRun>> FinishedAsync(int count, CancellationToken ct) =>
        RunsAsync($"WHERE status = 'finished' ORDER BY id DESC LIMIT {count.ToString(CultureInfo.InvariantCulture)}", ct);

    public async Task<QualityRun?> FindAsync(long id, CancellationToken ct) =>
        (await RunsAsync($"WHERE id = {id.ToString(CultureInfo.InvariantCulture)}", ct)).FirstOrDefault();

    /// <summary>Commits one batch: its findings, what each rule checked and failed, and the cursor to go on from.</summary>
    public async Task CommitBatchAsync(
        long runId, int phase, string? cursor, IReadOnlyDictionary<string, long> checkedByRule, IReadOnlyList<QualityFinding> findings,
        IReadOnlyDictionary<string, int> sourceCalls, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await AddFindingsAsync(connection, transaction, runId, findings, ct);
        foreach (var (rule, count) in checkedByRule)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO counts (run_id, rule, checked, failed) VALUES ($run, $rule, $checked, $failed)
                ON CONFLICT (run_id, rule) DO UPDATE SET checked = checked + $checked, failed = failed + $failed
                """;
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$rule", rule);
            command.Parameters.AddWithValue("$checked", count);
            command.Parameters.AddWithValue("$failed", findings.Count(f => f.Rule == rule));
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE runs SET phase = $phase, cursor = $cursor, batches = batches + 1, source_calls = $calls WHERE id = $run";
            update.Parameters.AddWithValue("$phase", phase);
            update.Parameters.AddWithValue("$cursor", (object?)cursor ?? DBNull.Value);
            update.Parameters.AddWithValue("$calls", JsonSerializer.Serialize(sourceCalls));
            update.Parameters.AddWithValue("$run", runId);
            await update.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public Task SetStatusAsync(long runId, string status, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET status = $status, finished_at = CASE WHEN $status = 'finished' THEN $at ELSE finished_at END WHERE id = $run",
            ct, ("$status", status), ("$at", Time(DateTime.UtcNow)), ("$run", runId));

    public async Task<IReadOnlyDictionary<string, int>> SourceCallsAsync(long runId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT source_calls FROM runs WHERE id = $run";
        command.Parameters.AddWithValue("$run", runId);
        return await command.ExecuteScalarAsync(ct) is string json
            ? JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? []
            : new Dictionary<string, int>();
    }

    public async Task<List<RuleCount>> CountsAsync(long runId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rule, checked, failed FROM counts WHERE run_id = $run ORDER BY rule";
        command.Parameters.AddWithValue("$run", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new List<RuleCount>();
        while (await reader.ReadAsync(ct))
        {
            counts.Add(new RuleCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return counts;
    }

    /// <summary>
    /// The newest finished run's counts per rule, with the sum of its failing records' keys (cell-key perturbation,
    /// <paramref name="keys"/>: the last seven digits of each finding's key), grouped in the store; empty before a run.
    /// </summary>
    public async Task<List<RuleAggregate>> LatestAggregatesAsync(Connectors.RecordKeys? keys, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.rule, c.checked, COUNT(f.key),
                   SUM((CAST(substr(f.key, max(length(f.key) - 6, 1)) AS INTEGER) * $multiplier + $offset) % $modulus)
            FROM counts c LEFT JOIN findings f ON f.run_id = c.run_id AND f.rule = c.rule
            WHERE c.run_id = (SELECT id FROM runs WHERE status = 'finished' ORDER BY id DESC LIMIT 1)
            GROUP BY c.rule, c.checked ORDER BY c.rule
            """;
        command.Parameters.AddWithValue("$multiplier", keys?.Multiplier ?? 0);
        command.Parameters.AddWithValue("$offset", keys?.Offset ?? 0);
        command.Parameters.AddWithValue("$modulus", keys?.Modulus ?? 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<RuleAggregate>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RuleAggregate(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? 0 : reader.GetInt64(3)));
        }

        return rows;
    }

    /// <summary>The run's findings of the given rules, in key order; <paramref name="limit"/> bounds them per rule.</summary>
    public async Task<List<QualityFinding>> FindingsAsync(long runId, IReadOnlyCollection<string> rules, int? limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var findings = new List<QualityFinding>();
        foreach (var rule in rules)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT rule, key, detail FROM findings WHERE run_id = $run AND rule = $rule ORDER BY key" +
                (limit is { } n ? " LIMIT " + n.ToString(CultureInfo.InvariantCulture) : "");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$rule", rule);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                findings.Add(new QualityFinding(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        return findings;
    }

    /// <summary>
    /// Replaces a run's findings of <paramref name="rules"/> for <paramref name="keys"/> by <paramref name="findings"/>
    /// (an incremental re-check) and sets each rule's failed count to what it now holds.
    /// </summary>
    public async Task ReplaceFindingsAsync(
        long runId, IReadOnlyCollection<string> rules, IReadOnlyCollection<string> keys, IReadOnlyList<QualityFinding> findings, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        foreach (var rule in rules)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM findings WHERE run_id = $run AND rule = $rule AND key IN (SELECT value FROM json_each($keys))";
            delete.Parameters.AddWithValue("$run", runId);
            delete.Parameters.AddWithValue("$rule", rule);
            delete.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
            await delete.ExecuteNonQueryAsync(ct);
        }

        await AddFindingsAsync(connection, transaction, runId, findings, ct);
        await using (var recount = connection.CreateCommand())
        {
            recount.Transaction = transaction;
            recount.CommandText = "UPDATE counts SET failed = (SELECT COUNT(*) FROM findings f WHERE f.run_id = counts.run_id AND f.rule = counts.rule) WHERE run_id = $run";
            recount.Parameters.AddWithValue("$run", runId);
            await recount.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task AddFindingsAsync(SqliteConnection connection, SqliteTransaction transaction, long runId, IReadOnlyList<QualityFinding> findings, CancellationToken ct)
    {
        if (findings.Count == 0)
        {
            return;
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO findings (run_id, rule, key, detail) VALUES ($run, $rule, $key, $detail)";
        var run = insert.Parameters.AddWithValue("$run", runId);
        var rule = insert.Parameters.Add("$rule", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", SqliteType.Text);
        foreach (var finding in findings)
        {
            rule.Value = finding.Rule;
            key.Value = finding.Key;
            detail.Value = finding.Detail;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task<List<QualityRun>> RunsAsync(string where, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, started_at, finished_at, status, rules, phase, cursor, batches FROM runs " + where;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<QualityRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new QualityRun(
                reader.GetInt64(0), ParseTime(reader.GetString(1)), reader.IsDBNull(2) ? null : ParseTime(reader.GetString(2)), reader.GetString(3),
                reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt32(7)));
        }

        return runs;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (!_created)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; " + Schema;
            await command.ExecuteNonQueryAsync(ct);
            _created = true;
        }

        return connection;
    }

    private static string Time(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
