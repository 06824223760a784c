using System.Collections.Concurrent;
using System.Data;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>What a request did, before the writer numbers and chains it.</summary>
public sealed record AuditRecord(
    DateTime Timestamp, string RequestId, string PrincipalKind, string Principal, string? Purpose, string? OperationName,
    string DocumentHash, IReadOnlyCollection<string> Fields, IReadOnlyCollection<string> Citizens, string Outcome,
    IReadOnlyCollection<string> ErrorCodes, string? AppVersion = null);

/// <summary>The audit store could not be written: the answer must not leave.</summary>
public sealed class AuditUnavailableException(Exception inner) : Exception("The audit store could not be written.", inner);

/// <summary>
/// Appends audit entries with group commit: requests queue their records; one loop takes everything queued
/// (up to <see cref="MaxBatch"/>), chains it and commits it in one transaction, then releases all those requests.
/// A request's answer waits for its entry to be durable, without one disk flush per request. The loop has a thread of its
/// own and one connection; a failed batch drops the connection and fails only that batch's requests (AUDIT_UNAVAILABLE).
/// After a commit, once its requests are released, the loop signs a checkpoint when one is due (<see cref="AuditCheckpointer"/>).
/// Not sealed only so the benchmark's own host can measure the hub without it (bench/DataHub.Benchmarks/BenchHubHost.cs);
/// the hub itself registers nothing else and has no switch to turn audit off.
/// </summary>
public class AuditWriter : IAsyncDisposable
{
    public const int MaxBatch = 512;

    private readonly IDbContextFactory<AuditDbContext> _store;
    private readonly ILogger<AuditWriter> _logger;
    private readonly AuditCheckpointer? _checkpoints;
    private readonly ConcurrentQueue<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)> _queue = new();

    // Wakes the loop's thread directly (no thread-pool hop between a request queueing its record and the loop seeing it).
    private readonly ManualResetEventSlim _queued = new();
    private volatile bool _closed;
    private readonly Task _loop;
    private AuditDbContext? _db;
    private AuditInserts? _inserts;
    private long _commits;

    /// <param name="checkpoints">Signs checkpoints of the chain; the hub always registers one (null only in benchmarks).</param>
    public AuditWriter(IDbContextFactory<AuditDbContext> store, ILogger<AuditWriter> logger, AuditCheckpointer? checkpoints = null)
    {
        _store = store;
        _logger = logger;
        _checkpoints = checkpoints;
        // A thread of its own, not the thread pool: under load the pool's queue is long, and every request waiting for
        // its entry would wait behind it too. The loop blocks while the queue is empty and on the commit, nothing else.
        Telemetry.DataHubTelemetry.ObserveAuditQueue(this);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Entries waiting for their commit.</summary>
    public int QueueDepth => _queue.Count;

    /// <summary>Transactions committed so far: how many requests share one commit shows in entries ÷ commits.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Commits per batch (for the benchmark: 1 gives one commit per entry).</summary>
    public int BatchLimit { get; init; } = MaxBatch;

    /// <summary>Completes once the entry is committed; throws <see cref="AuditUnavailableException"/> when it cannot be.</summary>
    public virtual Task<AuditEntry> AppendAsync(AuditRecord record)
    {
        var done = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_closed)
        {
            done.SetException(new AuditUnavailableException(new ObjectDisposedException(nameof(AuditWriter))));
            return done.Task;
        }

        _queue.Enqueue((record, done));
        _queued.Set();
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queued.Set();
        await _loop;
        while (_queue.TryDequeue(out var late))
        {
            late.Done.TrySetException(new AuditUnavailableException(new ObjectDisposedException(nameof(AuditWriter))));
        }

        DropConnection();
    }

    // The prepared statements belong to the connection: both go together.
    private void DropConnection()
    {
        _inserts?.Dispose();
        _inserts = null;
        _db?.Dispose();
        _db = null;
    }

    private void Run()
    {
        // The loop's thread was started inside whichever request first needed the writer: its commits are traces of
        // their own, not children of that request.
        System.Diagnostics.Activity.Current = null;
        var batch = new List<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)>(MaxBatch);
        Checkpoint(c => c.Resume(_db!), "start-up");
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchLimit && _queue.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                if (_closed)
                {
                    // Appends racing the close were answered above, or are drained here first; what this run wrote is signed.
                    CheckpointIfPending(due: false);
                    return;
                }

                // Sleeps until a record comes or a checkpoint falls due (entries waited the interval with no more traffic).
                if (!_queued.Wait(_checkpoints?.SleepLimit ?? Timeout.InfiniteTimeSpan))
                {
                    CheckpointIfPending(due: true);
                    continue;
                }

                // Reset before draining again: a record queued after this point sets the event anew.
                _queued.Reset();
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var span = Telemetry.DataHubTelemetry.Source.StartActivity("audit.commit");
            span?.SetTag("datahub.audit.entries", batch.Count);
            try
            {
                var entries = Commit(batch.Select(b => b.Record).ToList());
                Telemetry.DataHubTelemetry.AuditCommitted(started);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(entries[i]);
                }

                _checkpoints?.Committed(entries[^1].Id, entries[^1].Hash, entries.Count);
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, batch.Count, ex.GetType().Name);
                foreach (var (_, done) in batch)
                {
                    done.SetException(new AuditUnavailableException(ex));
                }
            }

            CheckpointIfPending(due: true);
        }
    }

    /// <summary>Signs a checkpoint when one is due (or, with <paramref name="due"/> false, whenever entries are uncovered).</summary>
    private void CheckpointIfPending(bool due)
    {
        if (_checkpoints is not null && (due ? _checkpoints.IsDue : _checkpoints.Pending > 0))
        {
            Checkpoint(c => c.Write(_db!), "after commit");
        }
    }

    // A failed checkpoint fails no request (their entries are already durable); it is logged and tried again later.
    private void Checkpoint(Action<AuditCheckpointer> write, string when)
    {
        if (_checkpoints is null)
        {
            return;
        }

        try
        {
            _db ??= _store.CreateDbContext();
            write(_checkpoints);
        }
        catch (Exception ex)
        {
            LogCheckpointFailed(_logger, when, ex.GetType().Name);
            _checkpoints.Postpone();
            DropConnection();
        }
    }

    private List<AuditEntry> Commit(List<AuditRecord> records)
    {
        // One context and connection for the loop's life (the loop is the only writer here); dropped after a failure,
        // so the next batch starts on a fresh connection once the store is back.
        _db ??= _store.CreateDbContext();
        try
        {
            var entries = Commit(_db, records);
            Interlocked.Increment(ref _commits);
            return entries;
        }
        catch
        {
            DropConnection();
            throw;
        }
    }

    // Plain parameterised SQL on the context's connection rather than SaveChanges: the writer runs for every request,
    // and change tracking plus one INSERT per row cost more CPU than the requests' own reads (measured in bench/).
    // The statements name the same tables and columns as AuditDbContext's model on both SQLite and PostgreSQL; they are
    // kept, prepared, for the connection's life (AuditInserts).
    private List<AuditEntry> Commit(AuditDbContext db, List<AuditRecord> records)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            connection.Open();
        }

        _inserts ??= new AuditInserts(connection, db.Database.IsNpgsql());
        using var transaction = connection.BeginTransaction();

        // The head is read under a lock in the same transaction, every batch: several hub instances writing to one
        // store then extend one chain, one batch after another, with no fork and no gap.
        var (lastId, lastHash) = _inserts.ReadHead(transaction);
        var entries = new List<AuditEntry>(records.Count);
        var subjects = new List<(string PersonalId, long EntryId)>();
        foreach (var record in records)
        {
            var entry = new AuditEntry
            {
                Id = ++lastId,
                // Microseconds: what every store keeps (PostgreSQL's timestamptz), so the hash covers what is stored.
                Timestamp = new DateTime(record.Timestamp.Ticks - (record.Timestamp.Ticks % 10), DateTimeKind.Utc),
                RequestId = record.RequestId,
                PrincipalKind = record.PrincipalKind,
                Principal = record.Principal,
                Purpose = record.Purpose,
                OperationName = record.OperationName,
                DocumentHash = record.DocumentHash,
                Fields = Joined(record.Fields, distinct: false),
                Citizens = Joined(record.Citizens, distinct: false),
                Outcome = record.Outcome,
                ErrorCodes = Joined(record.ErrorCodes, distinct: true),
                PreviousHash = lastHash,
                Hash = "",
                AppVersion = record.AppVersion,
            };
            entry.Hash = entry.ComputeHash();
            lastHash = entry.Hash;
            entries.Add(entry);
            foreach (var citizen in IsOrdered(record.Citizens, strictly: true) ? record.Citizens : record.Citizens.Distinct())
            {
                subjects.Add((citizen, entry.Id));
            }
        }

        _inserts.InsertEntries(transaction, entries);
        _inserts.InsertSubjects(transaction, subjects);
        _inserts.WriteHead(transaction, lastId, lastHash);
        transaction.Commit();
        return entries;
    }

    /// <summary>
    /// Sorted (ordinal), comma-separated; with <paramref name="distinct"/> each once. A record from
    /// <see cref="AuditRecords"/> comes sorted already, and is then joined without sorting again.
    /// </summary>
    private static string Joined(IReadOnlyCollection<string> items, bool distinct) =>
        items.Count == 0 ? ""
        : IsOrdered(items, strictly: distinct) ? string.Join(',', items)
        : string.Join(',', distinct ? items.Distinct().Order(StringComparer.Ordinal) : items.Order(StringComparer.Ordinal));

    private static bool IsOrdered(IReadOnlyCollection<string> items, bool strictly)
    {
        string? previous = null;
        foreach (var item in items)
        {
            if (previous is not null && string.CompareOrdinal(previous, item) is var order && (order > 0 || (strictly && order == 0)))
            {
                return false;
            }

            previous = item;
        }

        return true;
    }

    private static void LogCheckpointFailed(ILogger logger, string when, string error) =>
        logger.LogError("Audit checkpoint could not be signed and stored {When} ({Error}); trying again later", when, error);

    private static void LogWriteFailed(ILogger logger, int count, string error) =>
        logger.LogError("Audit store write failed for {Count} entries ({Error}); their answers are withheld", count, error);
}
