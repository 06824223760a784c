using System.Text.Json;
using DataHub.Hub.Audit;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Audit;

/// <summary>
/// An insider who can write the audit database rewrites the chain and re-hashes it, head included: the signed
/// checkpoints (table and file copy, key outside the database) still catch it. A checkpoint every 5 entries.
/// </summary>
public abstract class AuditCheckpointTests(DemoDataFixture data) : IDisposable
{
    private const int Every = 5;

    private HubFactory? _hubInstance;

    /// <summary>The demo data, for the provider-specific subclasses.</summary>
    protected DemoDataFixture Data => data;

    /// <summary>Checkpoints by count only (the interval never elapses during a test), so their places are known.</summary>
    protected static Dictionary<string, string?> CheckpointSettings => new()
    {
        ["Audit:Checkpoints:EveryEntries"] = Every.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Audit:Checkpoints:EverySeconds"] = "3600",
    };

    private HubFactory Hub => _hubInstance ??= CreateHub();

    /// <summary>A hub with an audit store of its own and <see cref="CheckpointSettings"/>.</summary>
    protected abstract HubFactory CreateHub();

    [Fact]
    public async Task An_untouched_chain_is_whole_with_every_checkpoint_verified()
    {
        await WriteEntriesAsync(12);

        var report = await VerifyAsync();

        Assert.True(report.IsWhole, report.Problem);
        Assert.Equal(12, report.Entries);
        Assert.Equal(2, report.Checkpoints); // entries 5 and 10, each in the table and the file, counted once
        Assert.EndsWith("2 signed checkpoints verified.", AuditChain.Describe(report));
    }

    public static TheoryData<bool> CheckpointRowsDeleted => [false, true];

    [Theory]
    [MemberData(nameof(CheckpointRowsDeleted))]
    public async Task A_rewritten_entry_with_the_chain_and_head_rehashed_is_caught_by_the_checkpoint_after_it(bool checkpointRowsDeleted)
    {
        await WriteEntriesAsync(12);

        await using (var db = Store())
        {
            await RewriteAsync(db, 7, e => e.Purpose = "land-registration");
            if (checkpointRowsDeleted)
            {
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Checkpoints\""); // only the file copy is left
            }
        }

        var links = await VerifyLinksOnlyAsync();
        var report = await VerifyAsync();

        Assert.True(links.IsWhole, "the rewrite re-hashed every link, as an insider would");
        Assert.False(report.IsWhole);
        Assert.True(report.AtCheckpoint);
        Assert.Equal(10, report.BrokenAt);
        Assert.StartsWith("Audit chain is BROKEN: checkpoint at entry 10 (signed ", AuditChain.Describe(report));
        Assert.Contains("entries after 5 (whose checkpoint still matches) up to 10 were rewritten.", report.Problem);
    }

    [Fact]
    public async Task A_tail_cut_before_the_latest_checkpoint_is_caught_even_with_head_and_checkpoint_rows_adjusted()
    {
        await WriteEntriesAsync(12);

        await using (var db = Store())
        {
            var seventh = await db.Entries.AsNoTracking().SingleAsync(e => e.Id == 7);
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"Entries\" WHERE \"Id\" > 7");
            await db.Database.ExecuteSqlAsync($"UPDATE \"Head\" SET \"LastEntryId\" = 7, \"LastHash\" = {seventh.Hash}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"Checkpoints\" WHERE \"EntryId\" > 7");
        }

        var report = await VerifyAsync();

        Assert.False(report.IsWhole);
        Assert.True(report.AtCheckpoint);
        Assert.Equal(10, report.BrokenAt);
        Assert.Contains("the chain ends at entry 7: entries 8 to 10 were cut off the end.", report.Problem);
    }

    public static TheoryData<string> Forgeries => ["signature changed", "hash moved to a rewritten chain", "signed with another key"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_checkpoint_is_reported_as_forged(string forgery)
    {
        await WriteEntriesAsync(12);

        await using (var db = Store())
        {
            if (forgery == "signature changed")
            {
                var other = (await Hub.Services.GetRequiredService<CheckpointStore>().ReadAllAsync(db, CancellationToken.None)).Last();
                await db.Database.ExecuteSqlAsync($"UPDATE \"Checkpoints\" SET \"Signature\" = {other.Signature} WHERE \"EntryId\" = 5");
            }
            else if (forgery == "hash moved to a rewritten chain")
            {
                // The attacker re-hashed from entry 3 on and moved the table's checkpoint at 5 to the new hash.
                var rehashed = await RewriteAsync(db, 3, e => e.Principal = "so-tnmt");
                await db.Database.ExecuteSqlAsync($"UPDATE \"Checkpoints\" SET \"Hash\" = {rehashed[5]} WHERE \"EntryId\" = 5");
            }
            else
            {
                // A checkpoint of the real chain, signed by a key of the attacker's own.
                var head = await db.Head.AsNoTracking().SingleAsync();
                using var own = new CheckpointSigner(Path.Combine(Data.DataDirectory, $"attacker-{Guid.NewGuid():N}", "key.pem"));
                var planted = own.Sign(head.LastEntryId, head.LastHash, head.LastEntryId, DateTime.UtcNow);
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO \"Checkpoints\" (\"EntryId\", \"Hash\", \"Entries\", \"Time\", \"Signature\", \"KeyId\") VALUES ({planted.EntryId}, {planted.Hash}, {planted.Entries}, {AuditEntry.CanonicalTime(planted.Time)}, {planted.Signature}, {planted.KeyId})");
            }
        }

        var report = await VerifyAsync();

        Assert.False(report.IsWhole);
        Assert.True(report.AtCheckpoint);
        var byAnotherKey = forgery == "signed with another key";
        Assert.Contains(byAnotherKey ? "it is forged, or the key was replaced" : "is forged: its signature does not verify", report.Problem);
        Assert.Equal(byAnotherKey ? 12 : 5, report.BrokenAt);
    }

    [Fact]
    public async Task An_export_verifies_offline_with_the_public_key_and_is_caught_once_rewritten()
    {
        await WriteEntriesAsync(12);
        var keyFile = Path.Combine(Data.DataDirectory, $"inspector-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyFile, Hub.Services.GetRequiredService<CheckpointSigner>().PublicKey.Pem);
        using var client = Hub.StewardClient();
        var export = await client.GetStringAsync($"/admin/audit/export?from={DateTime.UtcNow.AddHours(-1):O}&to={DateTime.UtcNow.AddHours(1):O}");
        var exportFile = Path.Combine(Data.DataDirectory, $"export-{Guid.NewGuid():N}.jsonl");

        using var inspectorKey = CheckpointKey.FromPemFile(keyFile);
        using var otherKey = new CheckpointSigner(Path.Combine(Data.DataDirectory, $"other-{Guid.NewGuid():N}", "key.pem"));
        await File.WriteAllTextAsync(exportFile, export);
        var whole = AuditChain.VerifyExport(exportFile, inspectorKey);
        var underAnotherKey = AuditChain.VerifyExport(exportFile, otherKey.PublicKey);
        await File.WriteAllTextAsync(exportFile, RewriteExport(export, 2));
        var rewritten = AuditChain.VerifyExport(exportFile, inspectorKey);
        File.Delete(exportFile);
        File.Delete(keyFile);

        Assert.Equal(2, export.Split('\n').Count(l => l.StartsWith("{\"checkpoint\":", StringComparison.Ordinal)));
        Assert.True(whole.IsWhole, whole.Problem);
        Assert.Equal(2, whole.Checkpoints);
        Assert.False(underAnotherKey.IsWhole);
        Assert.False(rewritten.IsWhole);
        Assert.True(rewritten.AtCheckpoint);
        Assert.StartsWith("checkpoint at entry 5 (signed ", rewritten.Problem);
    }

    public virtual void Dispose()
    {
        _hubInstance?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sequential requests, one entry each; returns once the checkpoints they call for are stored.</summary>
    private async Task WriteEntriesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(200, (await Hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }")).Status);
        }

        // The writer signs after it has answered the batch's requests, so the last checkpoint may trail the response.
        // The file copy is written first, then the row.
        var expected = count / Every * Every;
        var checkpoints = Hub.Services.GetRequiredService<CheckpointStore>();
        await using var db = Store();
        await db.Database.OpenConnectionAsync();
        for (var attempt = 0; attempt < 200 && CheckpointStore.LatestInTable(db.Database.GetDbConnection()) != expected; attempt++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(expected, CheckpointStore.LatestInTable(db.Database.GetDbConnection()));
        Assert.Equal(expected, checkpoints.ReadFile().LastOrDefault()?.EntryId);
    }

    /// <summary>What an insider does: edits one entry, re-hashes it and every later one, and moves the head.</summary>
    private static async Task<Dictionary<long, string>> RewriteAsync(AuditDbContext db, long id, Action<AuditEntry> edit)
    {
        var entries = await db.Entries.Where(e => e.Id >= id - 1).OrderBy(e => e.Id).ToListAsync();
        edit(entries[1]);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash = entries[i - 1].Hash;
            entries[i].Hash = entries[i].ComputeHash();
        }

        await db.SaveChangesAsync();
        var last = entries[^1];
        await db.Database.ExecuteSqlAsync($"UPDATE \"Head\" SET \"LastEntryId\" = {last.Id}, \"LastHash\" = {last.Hash}");
        return entries.ToDictionary(e => e.Id, e => e.Hash);
    }

    /// <summary>An export with entry <paramref name="id"/> edited and every later entry line re-hashed.</summary>
    private static string RewriteExport(string export, long id)
    {
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string? previous = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("{\"checkpoint\":", StringComparison.Ordinal))
            {
                continue;
            }

            var entry = JsonSerializer.Deserialize<AuditEntry>(lines[i], AuditChain.ExportJson)!;
            if (entry.Id == id)
            {
                entry.Outcome = "rejected";
            }

            if (entry.Id >= id)
            {
                entry.PreviousHash = previous ?? entry.PreviousHash;
                entry.Hash = entry.ComputeHash();
                lines[i] = JsonSerializer.Serialize(entry, AuditChain.ExportJson);
            }

            previous = entry.Hash;
        }

        return string.Join('\n', lines) + "\n";
    }

    private AuditDbContext Store() => Hub.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();

    private async Task<ChainReport> VerifyAsync()
    {
        await using var db = Store();
        return await AuditChain.VerifyStoreAsync(
            db, Hub.Services.GetRequiredService<CheckpointStore>(), Hub.Services.GetRequiredService<CheckpointSigner>().PublicKey, CancellationToken.None);
    }

    private async Task<ChainReport> VerifyLinksOnlyAsync()
    {
        await using var db = Store();
        return await AuditChain.VerifyStoreAsync(db, CancellationToken.None);
    }
}

/// <summary>The checkpoint tests on SQLite (the embedded default), each test with its own audit file.</summary>
[Collection(HubCollection.Name)]
public sealed class AuditCheckpointsOnSqliteTests(DemoDataFixture data) : AuditCheckpointTests(data)
{
    private readonly string _auditFile = Path.Combine(data.DataDirectory, $"audit-{Guid.NewGuid():N}.db");

    protected override HubFactory CreateHub() => new(Data.DataDirectory, new Dictionary<string, string?>(CheckpointSettings)
    {
        ["ConnectionStrings:Audit"] = $"Data Source={_auditFile};Pooling=False",
    });

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Data.DataDirectory, Path.GetFileName(_auditFile) + "*"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>The checkpoint tests with the audit store on PostgreSQL (partitioned entries table).</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditCheckpointsOnPostgresTests(DemoDataFixture data, PostgresFixture postgres) : AuditCheckpointTests(data)
{
    protected override HubFactory CreateHub() => HubFactory.OnPostgres(Data.DataDirectory, postgres, settings: CheckpointSettings);
}
