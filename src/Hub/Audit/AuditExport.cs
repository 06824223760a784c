using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// Exports entries in a time range, chain hashes included, one JSON object per line; each signed checkpoint of an
/// exported entry follows that entry as <c>{"checkpoint": {…}}</c>, so the export verifies offline with the public key.
/// </summary>
public static class AuditExport
{
    public static async Task<(int Entries, int Checkpoints)> WriteAsync(
        AuditDbContext db, CheckpointStore checkpointStore, DateTime from, DateTime to, TextWriter output, CancellationToken cancellationToken)
    {
        var checkpoints = (await checkpointStore.ReadAllAsync(db, cancellationToken)).ToLookup(c => c.EntryId);
        var (entryCount, checkpointCount) = (0, 0);
        var entries = db.Entries.AsNoTracking().Where(e => e.Timestamp >= from && e.Timestamp < to).OrderBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            entry.Timestamp = DateTime.SpecifyKind(entry.Timestamp, DateTimeKind.Utc);
            await output.WriteLineAsync(JsonSerializer.Serialize(entry, AuditChain.ExportJson));
            entryCount++;
            foreach (var checkpoint in checkpoints[entry.Id])
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { checkpoint }, AuditChain.ExportJson));
                checkpointCount++;
            }
        }

        return (entryCount, checkpointCount);
    }
}
