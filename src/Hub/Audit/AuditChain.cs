using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// Walks an audit chain from its first entry: numbers must follow one another, each entry must name the hash of the
/// one before, and each hash must match the entry's content; the chain must end where the head says. Then every signed
/// checkpoint must verify under the checkpoint key and match the chain: the entry it names must have the hash it
/// signed, and the chain must reach it. The same walk checks the store and an exported JSON Lines file.
/// </summary>
public static class AuditChain
{
    public static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web);

    /// <summary>The hash links and the head only, no checkpoints.</summary>
    public static ChainReport Verify(IEnumerable<AuditEntry> entries, AuditHead? head, bool fromGenesis) =>
        Verify(entries, head, fromGenesis, [], key: null);

    public static ChainReport Verify(
        IEnumerable<AuditEntry> entries, AuditHead? head, bool fromGenesis, IReadOnlyList<AuditCheckpoint> checkpoints, CheckpointKey? key)
    {
        long count = 0;
        long? firstId = null;
        AuditEntry? previous = null;
        var hashes = new Dictionary<long, string>();
        ChainReport? broken = null;
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
                broken = new ChainReport(false, count, firstId, previous?.Id, previous?.Hash, entry.Id, problem);
                break;
            }

            hashes[entry.Id] = entry.Hash;
            previous = entry;
            count++;
        }

        if (broken is null && head is not null && (head.LastEntryId != (previous?.Id ?? 0) || head.LastHash != (previous?.Hash ?? AuditEntry.GenesisHash)))
        {
            broken = new ChainReport(false, count, firstId, previous?.Id, previous?.Hash, (previous?.Id ?? 0) + 1,
                $"the chain ends at entry {previous?.Id ?? 0} but the head records entry {head.LastEntryId}: entries were cut off the end.");
        }

        // A break the walk found stands, unless a checkpoint before it already shows an earlier rewrite or a forgery.
        var walked = broken ?? new ChainReport(true, count, firstId, previous?.Id, previous?.Hash, null, null);
        var upTo = broken is null ? long.MaxValue : broken.BrokenAt!.Value - 1;
        return CheckCheckpoints(walked, hashes, checkpoints.Where(c => c.EntryId <= upTo).ToList(), key);
    }

    /// <summary>The store's hash links and head only, no checkpoints.</summary>
    public static async Task<ChainReport> VerifyStoreAsync(AuditDbContext db, CancellationToken cancellationToken) =>
        await VerifyStoreAsync(db, checkpoints: null, key: null, cancellationToken);

    /// <summary>The store's chain and head, and the checkpoints of the table and the file copy, under <paramref name="key"/>.</summary>
    public static async Task<ChainReport> VerifyStoreAsync(
        AuditDbContext db, CheckpointStore? checkpoints, CheckpointKey? key, CancellationToken cancellationToken)
    {
        var head = await db.Head.AsNoTracking().OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var entries = db.Entries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable();
        var list = new List<AuditEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            list.Add(entry);
        }

        var signed = checkpoints is null ? [] : await checkpoints.ReadAllAsync(db, cancellationToken);
        return Verify(list, head ?? new AuditHead { LastEntryId = 0, LastHash = AuditEntry.GenesisHash }, fromGenesis: true, signed, key);
    }

    /// <summary>An export's hash links only; a checkpoint line in it is reported as unchecked (no key).</summary>
    public static ChainReport VerifyExport(string file) => VerifyExport(file, key: null);

    /// <summary>An exported file: its entries link, and its checkpoint lines verify under <paramref name="key"/> and match them.</summary>
    public static ChainReport VerifyExport(string file, CheckpointKey? key)
    {
        var entries = new List<AuditEntry>();
        var checkpoints = new List<AuditCheckpoint>();
        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("checkpoint", out var checkpoint))
            {
                checkpoints.Add(checkpoint.Deserialize<AuditCheckpoint>(ExportJson)!);
            }
            else
            {
                entries.Add(json.RootElement.Deserialize<AuditEntry>(ExportJson)!);
            }
        }

        return Verify(entries, head: null, fromGenesis: entries.Count > 0 && entries[0].Id == 1, CheckpointStore.Merge(checkpoints), key);
    }

    public static string Describe(ChainReport report) => report switch
    {
        { IsWhole: true, Entries: 0 } => "Audit chain is whole: no entries yet." + Signed(report),
        { IsWhole: true } => $"Audit chain is whole: {report.Entries} entries, {report.FirstId} to {report.LastId}, head {Short(report.LastHash!)}." + Signed(report),
        { AtCheckpoint: true } => $"Audit chain is BROKEN: {report.Problem} {report.Checkpoints} checkpoints before it verified.",
        _ => $"Audit chain is BROKEN at entry {report.BrokenAt}: {report.Problem} {report.Entries} entries before it are whole.",
    };

    private static string Signed(ChainReport report) => report.Checkpoints switch
    {
        0 => " No signed checkpoint covers it: only the hash links were checked.",
        1 => " 1 signed checkpoint verified.",
        var n => $" {n} signed checkpoints verified.",
    };

    private static ChainReport CheckCheckpoints(
        ChainReport walked, Dictionary<long, string> hashes, List<AuditCheckpoint> checkpoints, CheckpointKey? key)
    {
        var verified = 0;
        AuditCheckpoint? lastGood = null;
        foreach (var checkpoint in checkpoints)
        {
            string? problem = null;
            if (key is null)
            {
                problem = $"{checkpoint.Describe()} cannot be checked: no checkpoint public key was given.";
            }
            else if (checkpoint.KeyId != key.Id)
            {
                problem = $"{checkpoint.Describe()} names key {Short(checkpoint.KeyId)}, not the checkpoint key {Short(key.Id)}: " +
                    "it is forged, or the key was replaced.";
            }
            else if (!key.Verifies(checkpoint))
            {
                problem = $"{checkpoint.Describe()} is forged: its signature does not verify under key {Short(key.Id)}.";
            }
            else if (checkpoint.EntryId > (walked.LastId ?? 0))
            {
                problem = $"{checkpoint.Describe()} covers entry {checkpoint.EntryId}, but the chain ends at entry {walked.LastId ?? 0}: " +
                    $"entries {(walked.LastId ?? 0) + 1} to {checkpoint.EntryId} were cut off the end.";
            }
            // A checkpoint before an export's first entry is outside its range: only its signature can be checked.
            else if (hashes.TryGetValue(checkpoint.EntryId, out var hash) && hash != checkpoint.Hash)
            {
                problem = $"{checkpoint.Describe()} says hash {Short(checkpoint.Hash)}, the chain has {Short(hash)} there: " +
                    (lastGood is null
                        ? $"entries up to {checkpoint.EntryId} were rewritten."
                        : $"entries after {lastGood.EntryId} (whose checkpoint still matches) up to {checkpoint.EntryId} were rewritten.");
            }

            if (problem is not null)
            {
                return new ChainReport(false, walked.Entries, walked.FirstId, walked.LastId, walked.LastHash, checkpoint.EntryId, problem,
                    verified, AtCheckpoint: true);
            }

            verified++;
            lastGood = checkpoint;
        }

        return walked with { Checkpoints = verified };
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
