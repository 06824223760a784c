using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>The result of walking the chain: whole, or the first broken link and what differs.</summary>
public sealed record ChainReport(bool IsWhole, long Entries, long? FirstId, long? LastId, string? LastHash, long? BrokenAt, string? Problem);

/// <summary>
/// Walks an audit chain from its first entry: numbers must follow one another, each entry must name the hash of the
/// one before, and each hash must match the entry's content; the chain must end where the head says.
/// The same walk checks the store and an exported JSON Lines file.
/// </summary>
public static class AuditChain
{
    public static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web);

    public static ChainReport Verify(IEnumerable<AuditEntry> entries, AuditHead? head, bool fromGenesis)
    {
        long count = 0;
        long? firstId = null;
        AuditEntry? previous = null;
        foreach (var entry in entries)
        {
            firstId ??= entry.Id;
            var expectedId = previous is null ? (fromGenesis ? 1 : entry.Id) : previous.Id + 1;
            var expectedPrevious = previous?.Hash ?? (fromGenesis ? AuditEntry.GenesisHash : entry.PreviousHash);
            string? problem = null;
            if (entry.Id != expectedId)
            {
                problem = $"entry {entry.Id} stands where entry {expectedId} should: entries were deleted or reordered.";
            }
            else if (entry.PreviousHash != expectedPrevious)
            {
                problem = $"entry {entry.Id} names previous hash {Short(entry.PreviousHash)} but the entry before it hashes to {Short(expectedPrevious)}: " +
                    "the chain was cut or reordered here.";
            }
            else if (entry.ComputeHash() != entry.Hash)
            {
                problem = $"entry {entry.Id} was changed: its content hashes to {Short(entry.ComputeHash())}, not the stored {Short(entry.Hash)}.";
            }

            if (problem is not null)
            {
                return new ChainReport(false, count, firstId, previous?.Id, previous?.Hash, entry.Id, problem);
            }

            previous = entry;
            count++;
        }

        if (head is not null && (head.LastEntryId != (previous?.Id ?? 0) || head.LastHash != (previous?.Hash ?? AuditEntry.GenesisHash)))
        {
            return new ChainReport(false, count, firstId, previous?.Id, previous?.Hash, (previous?.Id ?? 0) + 1,
                $"the chain ends at entry {previous?.Id ?? 0} but the head records entry {head.LastEntryId}: entries were cut off the end.");
        }

        return new ChainReport(true, count, firstId, previous?.Id, previous?.Hash, null, null);
    }

    public static async Task<ChainReport> VerifyStoreAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        var head = await db.Head.AsNoTracking().OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var entries = db.Entries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable();
        var list = new List<AuditEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            list.Add(entry);
        }

        return Verify(list, head ?? new AuditHead { LastEntryId = 0, LastHash = AuditEntry.GenesisHash }, fromGenesis: true);
    }

    public static ChainReport VerifyExport(string file)
    {
        var entries = File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, ExportJson)!).ToList();
        return Verify(entries, head: null, fromGenesis: entries.Count > 0 && entries[0].Id == 1);
    }

    public static string Describe(ChainReport report) => report.IsWhole
        ? report.Entries == 0
            ? "Audit chain is whole: no entries yet."
            : $"Audit chain is whole: {report.Entries} entries, {report.FirstId} to {report.LastId}, head {Short(report.LastHash!)}."
        : $"Audit chain is BROKEN at entry {report.BrokenAt}: {report.Problem} {report.Entries} entries before it are whole.";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
