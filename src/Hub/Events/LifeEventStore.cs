using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Events;

/// <summary>
/// Writes and reads life events. An event is committed (and, on PostgreSQL, NOTIFY sent with the commit) before its
/// publisher gets an answer. Sequences follow commit order: SQLite has one writer at a time, and on PostgreSQL each
/// publish takes one transaction-scoped advisory lock, so a reader that saw sequence N never later finds a smaller one.
/// </summary>
public sealed class LifeEventStore(IDbContextFactory<EventDbContext> factory, LifeEventSignal signal, TimeProvider clock)
{
    /// <summary>The PostgreSQL channel on which instances tell each other that events were stored.</summary>
    public const string Channel = "datahub_events";

    // Any constant: the key of the advisory lock that orders publishes on PostgreSQL.
    private const long PublishLock = 0x4441544148_14;

    /// <summary>Stores the event, or returns the one stored earlier under the same id (<c>Stored</c> false).</summary>
    public async Task<(LifeEvent Event, bool Stored)> PublishAsync(LifeEvent draft, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, draft.Id, cancellationToken) is { } earlier)
        {
            return (earlier, false);
        }

        var postgres = db.Database.IsNpgsql();
        draft.PublishedAt = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PublishLock})", cancellationToken);
            }

            db.Events.Add(draft);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same id published at the same moment by a retry: the other one is the event.
                await transaction.RollbackAsync(cancellationToken);
                await using var again = await factory.CreateDbContextAsync(cancellationToken);
                return await FindAsync(again, draft.Id, cancellationToken) is { } stored ? (stored, false) : throw new InvalidOperationException("The event was not stored.");
            }

            if (postgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {EventCursor.Encode(draft.Sequence)})", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        signal.Pulse();
        return (draft, true);
    }

    /// <summary>Up to <paramref name="take"/> events of any kind after the cursor, in order (for the hub's own readers).</summary>
    public async Task<IReadOnlyList<LifeEvent>> ReadAfterAsync(long after, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Events.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Up to <paramref name="take"/> events after the cursor, of the given kinds, in order.</summary>
    public async Task<IReadOnlyList<LifeEvent>> ReadAfterAsync(long after, IReadOnlySet<string> kinds, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var names = kinds.ToList();
        return await db.Events.AsNoTracking()
            .Where(e => e.Sequence > after && names.Contains(e.Kind))
            .OrderBy(e => e.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> events of these kinds, newest first, filed before <paramref name="before"/> (a sequence) when given.</summary>
    public async Task<IReadOnlyList<LifeEvent>> ReadLatestAsync(IReadOnlyCollection<string> kinds, long? before, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var names = kinds.ToList();
        return await db.Events.AsNoTracking()
            .Where(e => names.Contains(e.Kind) && (before == null || e.Sequence < before))
            .OrderByDescending(e => e.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The events that answer any of these (their <c>causedBy</c>), in store order: the next steps of dossiers.</summary>
    /// <remarks>Served by <see cref="EventStoreSchema.CausedByIndex"/>.</remarks>
    public async Task<IReadOnlyList<LifeEvent>> ReadCausedByAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var list = ids.Select(id => (Guid?)id).ToList();
        return await db.Events.AsNoTracking().Where(e => list.Contains(e.CausedBy)).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>These events by id.</summary>
    public async Task<IReadOnlyList<LifeEvent>> ReadByIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var list = ids.ToList();
        return await db.Events.AsNoTracking().Where(e => list.Contains(e.Id)).ToListAsync(cancellationToken);
    }

    /// <summary>Up to <paramref name="take"/> events that name any of these citizens (as the citizen or the related one), newest first.</summary>
    public async Task<IReadOnlyList<LifeEvent>> ReadNamingAsync(IReadOnlyCollection<string> personalIds, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var ids = personalIds.ToList();
        return await db.Events.AsNoTracking()
            .Where(e => ids.Contains(e.PersonalId) || (e.RelatedPersonalId != null && ids.Contains(e.RelatedPersonalId)))
            .OrderByDescending(e => e.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    private static Task<LifeEvent?> FindAsync(EventDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
}
