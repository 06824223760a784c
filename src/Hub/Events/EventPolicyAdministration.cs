using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Events;

/// <summary>
/// Stewards' changes to the life-event policy — who publishes a kind, who receives it for which purpose — made as
/// grants are (<see cref="AccessAdministration"/>): checked against the registry in one transaction, recorded as an
/// admin change with who, before, after and reason, and the cached decisions dropped on every instance.
/// </summary>
public sealed class EventPolicyAdministration(IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, TimeProvider clock)
{
    public async Task<EventKind> SetPublishersAsync(string kind, IReadOnlyCollection<string> departments, ChangeAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var known = await KindAsync(db, kind, cancellationToken);
        foreach (var department in departments)
        {
            await AccessAdministration.RequireDepartmentAsync(db, department, cancellationToken);
        }

        var before = new { kind = known.Code, publishers = known.Publishers };
        known.Publishers = string.Join(",", departments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        AdminChangeLog.Record(db, author, "setEventPublishers", "eventKind/" + known.Code, before,
            new { kind = known.Code, publishers = known.Publishers }, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return known;
    }

    public async Task<EventReceiver> AllowReceiverAsync(string kind, string department, string purpose, ChangeAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await KindAsync(db, kind, cancellationToken);
        await AccessAdministration.RequireDepartmentMayStateAsync(db, department, purpose, cancellationToken);
        var receiver = new EventReceiver { Kind = kind, DepartmentCode = department, PurposeCode = purpose, GrantedBy = author.Actor };
        db.EventReceivers.Add(receiver);
        await db.SaveChangesAsync(cancellationToken);
        AdminChangeLog.Record(db, author, "allowEventReceiver", $"eventReceiver/{receiver.Id}", null, Snapshot(receiver), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return receiver;
    }

    public async Task<EventReceiver> RevokeReceiverAsync(int id, ChangeAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var receiver = await db.EventReceivers.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw AdminErrors.Error("UNKNOWN_EVENT_RECEIVER", $"There is no event receiver {id}.", ("receiver", id));
        if (receiver.RevokedAt is not null)
        {
            throw AdminErrors.Error("EVENT_RECEIVER_ALREADY_REVOKED", $"Event receiver {id} was already revoked.", ("receiver", id));
        }

        var before = Snapshot(receiver);
        receiver.RevokedAt = clock.GetUtcNow().UtcDateTime;
        AdminChangeLog.Record(db, author, "revokeEventReceiver", $"eventReceiver/{id}", before, Snapshot(receiver), receiver.RevokedAt.Value);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return receiver;
    }

    private static async Task<EventKind> KindAsync(RegistryDbContext db, string kind, CancellationToken cancellationToken) =>
        await db.EventKinds.FirstOrDefaultAsync(k => k.Code == kind, cancellationToken)
            ?? throw AdminErrors.Error(ErrorCodes.UnknownEventKind, $"'{kind}' is not a registered kind of life event.", ("kind", kind));

    private static object Snapshot(EventReceiver r) => new
    {
        id = r.Id,
        kind = r.Kind,
        department = r.DepartmentCode,
        purpose = r.PurposeCode,
        revokedAt = AdminChangeLog.Time(r.RevokedAt),
    };
}
