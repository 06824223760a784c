using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Events;

/// <summary>
/// Creates the life-event store on first start (SQLite or PostgreSQL), refuses one another DataHub version made, and
/// adds the indexes that came after the first version.
/// </summary>
/// <remarks>
/// REVIEW: the <c>CausedBy</c> index is idempotent DDL outside the EF model, on both providers (as the audit store's
/// <c>Checkpoints</c>), so the schema fingerprint (<see cref="SchemaGuard"/>) of stores created before it still matches
/// and they gain the index on their next start. It joins the model when migrations replace the fingerprint.
/// </remarks>
public static class EventStoreSchema
{
    /// <summary>Dossiers are derived by <c>causedBy</c> (the events that answer these): without it each step scans the table.</summary>
    public const string CausedByIndex = "IX_LifeEvents_CausedBy";

    public static async Task PrepareAsync(EventDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead log, as the audit store: subscribers read while publishers write, without waiting for each
            // other (with SQLite's default journal a read and a publish collide, and the loser sleeps and retries).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await SchemaGuard.CheckAsync(db, "events", created, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            $"CREATE INDEX IF NOT EXISTS \"{CausedByIndex}\" ON \"LifeEvents\" (\"CausedBy\")", cancellationToken);
    }
}
