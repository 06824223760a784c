using DataHub.Hub.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataHub.Tests.Audit;

/// <summary>When the writer signs: by count, by time once traffic stops, at shutdown, at start-up for an uncovered tail.</summary>
public sealed class AuditCheckpointWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "datahub-checkpoints-" + Guid.NewGuid().ToString("N"));
    private readonly PooledDbContextFactory<AuditDbContext> _store;
    private readonly CheckpointSigner _signer;
    private readonly CheckpointStore _checkpoints;

    public AuditCheckpointWriterTests()
    {
        Directory.CreateDirectory(_directory);
        _store = new PooledDbContextFactory<AuditDbContext>(new DbContextOptionsBuilder<AuditDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "audit.db")};Pooling=False").Options);
        using (var db = _store.CreateDbContext())
        {
            AuditStore.CreateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        _signer = new CheckpointSigner(Path.Combine(_directory, "keys", "audit-checkpoint.key"));
        _checkpoints = new CheckpointStore(Path.Combine(_directory, "audit-checkpoints.jsonl"));
    }

    [Fact]
    public async Task Entries_left_uncovered_are_signed_once_the_interval_passes_without_more_traffic()
    {
        await using var writer = Writer(everyEntries: 1000, everySeconds: 1);

        await AppendAsync(writer, 3);
        var right = _checkpoints.ReadFile().ToList();
        var later = await FileCheckpointAtAsync(3);

        Assert.Empty(right);
        Assert.NotNull(later);
    }

    [Fact]
    public async Task Stopping_the_writer_signs_what_it_wrote_since_the_last_checkpoint()
    {
        var writer = Writer(everyEntries: 5, everySeconds: 3600);
        await AppendAsync(writer, 7);
        var before = await FileCheckpointAtAsync(5);

        await writer.DisposeAsync();

        Assert.NotNull(before);
        Assert.Equal([5, 7], _checkpoints.ReadFile().Select(c => c.EntryId));
        Assert.All(_checkpoints.ReadFile(), c => Assert.True(_signer.PublicKey.Verifies(c)));
    }

    [Fact]
    public async Task A_writer_starting_on_a_tail_no_checkpoint_covers_signs_it_first()
    {
        // A run that stopped before it could sign (the benchmark's writer signs nothing, like a hub killed mid-interval).
        await using (var unsigned = new AuditWriter(_store, NullLogger<AuditWriter>.Instance))
        {
            await AppendAsync(unsigned, 4);
        }

        await using var writer = Writer(everyEntries: 1000, everySeconds: 3600);
        await AppendAsync(writer, 1);

        Assert.NotNull(await FileCheckpointAtAsync(4));
        await using var db = _store.CreateDbContext();
        var report = await AuditChain.VerifyStoreAsync(db, _checkpoints, _signer.PublicKey, CancellationToken.None);
        Assert.True(report.IsWhole, report.Problem);
        Assert.Equal(1, report.Checkpoints);
    }

    [Fact]
    public async Task A_store_created_before_checkpoints_opens_again_and_gains_the_table()
    {
        await using var db = _store.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("DROP TABLE \"Checkpoints\"");

        await AuditStore.CreateAsync(db, CancellationToken.None); // the schema fingerprint does not cover the table

        await db.Database.OpenConnectionAsync();
        Assert.Equal(0, CheckpointStore.LatestInTable(db.Database.GetDbConnection()));
    }

    public void Dispose()
    {
        _signer.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private AuditWriter Writer(int everyEntries, int everySeconds) => new(_store, NullLogger<AuditWriter>.Instance, new AuditCheckpointer(
        _signer, _checkpoints, Options.Create(new CheckpointOptions { EveryEntries = everyEntries, EverySeconds = everySeconds }), TimeProvider.System));

    private static async Task AppendAsync(AuditWriter writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await writer.AppendAsync(new AuditRecord(
                DateTime.UtcNow, $"req-{Guid.NewGuid():N}", "department", "so-y-te", "medical-treatment", null,
                new string('0', 64), ["Citizen.fullName"], [], "ok", []));
        }
    }

    private async Task<AuditCheckpoint?> FileCheckpointAtAsync(long entryId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_checkpoints.ReadFile().FirstOrDefault(c => c.EntryId == entryId) is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        return null;
    }
}
