using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>What a request did, before the writer numbers and chains it.</summary>
public sealed record AuditRecord(
    DateTime Timestamp, string RequestId, string PrincipalKind, string Principal, string? Purpose, string? OperationName,
    string DocumentHash, IReadOnlyCollection<string> Fields, IReadOnlyCollection<string> Citizens, string Outcome,
    IReadOnlyCollection<string> ErrorCodes);

/// <summary>The audit store could not be written: the answer must not leave.</summary>
public sealed class AuditUnavailableException(Exception inner) : Exception("The audit store could not be written.", inner);

/// <summary>
/// Appends audit entries with group commit: requests queue their records; one loop takes everything queued
/// (up to <see cref="MaxBatch"/>), chains it and commits it in one transaction, then releases all those requests.
/// A request's answer waits for its entry to be durable, without one disk flush per request.
/// Not sealed only so the benchmark's own host can measure the hub without it (bench/DataHub.Benchmarks/BenchHubHost.cs);
/// the hub itself registers nothing else and has no switch to turn audit off.
/// </summary>
public class AuditWriter : IAsyncDisposable
{
    public const int MaxBatch = 512;

    private readonly IDbContextFactory<AuditDbContext> _store;
    private readonly ILogger<AuditWriter> _logger;
    private readonly Channel<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)> _queue =
        Channel.CreateUnbounded<(AuditRecord, TaskCompletionSource<AuditEntry>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public AuditWriter(IDbContextFactory<AuditDbContext> store, ILogger<AuditWriter> logger)
    {
        _store = store;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Commits per batch (for the benchmark: 1 gives one commit per entry).</summary>
    public int BatchLimit { get; init; } = MaxBatch;

    /// <summary>Completes once the entry is committed; throws <see cref="AuditUnavailableException"/> when it cannot be.</summary>
    public virtual Task<AuditEntry> AppendAsync(AuditRecord record)
    {
        var done = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record, done)))
        {
            done.SetException(new AuditUnavailableException(new ObjectDisposedException(nameof(AuditWriter))));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < BatchLimit && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var entries = await CommitAsync(batch.Select(b => b.Record).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(entries[i]);
                }
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, batch.Count, ex.GetType().Name);
                foreach (var (_, done) in batch)
                {
                    done.SetException(new AuditUnavailableException(ex));
                }
            }
        }
    }

    private async Task<List<AuditEntry>> CommitAsync(List<AuditRecord> records)
    {
        await using var db = await _store.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();

        // The head is read under a lock in the same transaction, every batch: several hub instances writing to one
        // store then extend one chain, one batch after another, with no fork and no gap.
        var stored = db.Database.IsNpgsql()
            ? await db.Head.FromSqlRaw("SELECT * FROM \"Head\" WHERE \"Id\" = 1 FOR UPDATE").SingleAsync()
            : await db.Head.SingleAsync(h => h.Id == 1);
        var (lastId, lastHash) = (stored.LastEntryId, stored.LastHash);

        var entries = new List<AuditEntry>(records.Count);
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
                Fields = string.Join(",", record.Fields.Order(StringComparer.Ordinal)),
                Citizens = string.Join(",", record.Citizens.Order(StringComparer.Ordinal)),
                Outcome = record.Outcome,
                ErrorCodes = string.Join(",", record.ErrorCodes.Distinct().Order(StringComparer.Ordinal)),
                PreviousHash = lastHash,
                Hash = "",
            };
            entry.Hash = entry.ComputeHash();
            lastHash = entry.Hash;
            entries.Add(entry);
            db.Subjects.AddRange(record.Citizens.Distinct().Select(c => new AuditSubject { EntryId = entry.Id, PersonalId = c }));
        }

        db.Entries.AddRange(entries);
        stored.LastEntryId = lastId;
        stored.LastHash = lastHash;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return entries;
    }

    private static void LogWriteFailed(ILogger logger, int count, string error) =>
        logger.LogError("Audit store write failed for {Count} entries ({Error}); their answers are withheld", count, error);
}
