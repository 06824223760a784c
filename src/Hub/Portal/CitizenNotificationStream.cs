using System.Runtime.CompilerServices;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Transport;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Portal;

/// <summary>
/// The <c>myNotifications</c> subscription's stream, on both subscription transports (graphql-transport-ws and GraphQL
/// over SSE): the audit log and the consent requests are polled for anything new about this one citizen — their own
/// personal ID, from the resolved caller, never an argument — and each notification is one more execution of the
/// subscriber's document through the one pipeline with the notification as its root value, decided and audited before
/// it is sent, as a life event's delivery is.
/// </summary>
public sealed class CitizenNotificationStream(
    GraphQLPipeline pipeline, IDbContextFactory<AuditDbContext> audit, IDbContextFactory<RegistryDbContext> registry)
{
    /// <summary>Most notifications of each kind read at once.</summary>
    private const int ReadBatch = 20;

    /// <summary>Where the citizen's notifications stand now: a subscription without a cursor starts here.</summary>
    public async Task<NotificationCursor> LatestAsync(string personalId, CancellationToken cancellationToken)
    {
        await using var auditDb = await audit.CreateDbContextAsync(cancellationToken);
        await using var registryDb = await registry.CreateDbContextAsync(cancellationToken);
        var read = await ReadsAbout(auditDb, personalId, 0).MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var request = await registryDb.ConsentRequests.Where(r => r.CitizenPersonalId == personalId).MaxAsync(r => (int?)r.Id, cancellationToken) ?? 0;
        return new NotificationCursor(read, request);
    }

    /// <summary>
    /// Delivers every notification after the start's cursor, then each new one, until cancelled; each yields its cursor
    /// and the delivery. An audit or database that cannot be written ends the stream (a null cursor): the subscriber
    /// resumes from its last cursor.
    /// </summary>
    public async IAsyncEnumerable<(string? Cursor, ExecutionResult Result)> StreamAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, NotificationStart start, string connectionId,
        IServiceProvider services, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = start.After;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<CitizenNotification> news;
            NotificationCursor past;
            try
            {
                (news, past) = await ReadAfterAsync(start.PersonalId, after, cancellationToken);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                (news, past) = ([], after); // read again at the next poll
            }

            foreach (var notification in news)
            {
                var context = new HubRequestContext(principal, purpose) { DeliveredEvent = notification };
                var result = await pipeline.ExecuteAsync(
                    surface, principal, purpose, request, $"{connectionId}:{notification.Cursor.Encode()}", services, cancellationToken, context);
                if (result.Errors?.Any(e => e.Code is "AUDIT_UNAVAILABLE" or DatabaseErrors.Code) == true)
                {
                    yield return (null, result);
                    yield break;
                }

                after = after.Max(notification.Cursor);
                yield return (notification.Cursor.Encode(), result);
            }

            after = after.Max(past);
            if (news.Count == 0)
            {
                await Task.Delay(CitizenNotifications.Poll, cancellationToken);
            }
        }
    }

    /// <summary>What is new after the cursor, and the cursor past everything read (entries that notify nothing included).</summary>
    private async Task<(IReadOnlyList<CitizenNotification> News, NotificationCursor Past)> ReadAfterAsync(
        string personalId, NotificationCursor after, CancellationToken cancellationToken)
    {
        await using var auditDb = await audit.CreateDbContextAsync(cancellationToken);
        await using var registryDb = await registry.CreateDbContextAsync(cancellationToken);
        var reads = await ReadsAbout(auditDb, personalId, after.Read).OrderBy(e => e.Id).Take(ReadBatch).ToListAsync(cancellationToken);
        var requests = await registryDb.ConsentRequests.AsNoTracking().Where(r => r.CitizenPersonalId == personalId && r.Id > after.Request)
            .OrderBy(r => r.Id).Take(ReadBatch).ToListAsync(cancellationToken);

        var news = new List<CitizenNotification>(reads.Count + requests.Count);
        var cursor = after;
        foreach (var entry in reads)
        {
            cursor = cursor with { Read = entry.Id };
            if (ReadData(entry))
            {
                news.Add(new CitizenNotification(CitizenNotification.Read, cursor, entry, null));
            }
        }

        foreach (var asked in requests)
        {
            cursor = cursor with { Request = asked.Id };
            news.Add(new CitizenNotification(CitizenNotification.ConsentRequested, cursor, null, asked));
        }

        return (news, cursor);
    }

    /// <summary>
    /// Whether an entry read data about the citizen: it names a field of an entity, not only root operations (a
    /// department's <c>requestConsent</c> is about the citizen, and notifies as the request itself, not as a read).
    /// </summary>
    private static bool ReadData(AuditEntry entry) =>
        entry.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(f => !f.StartsWith("Query.", StringComparison.Ordinal) && !f.StartsWith("Mutation.", StringComparison.Ordinal));

    // Entries about me by someone else: my own reads (these deliveries included) never notify me.
    private static IQueryable<AuditEntry> ReadsAbout(AuditDbContext db, string personalId, long after) =>
        db.Entries.AsNoTracking().Where(e => e.Id > after && e.PrincipalKind != "citizen" && e.PrincipalKind != "representative"
            && db.Subjects.Any(s => s.EntryId == e.Id && s.PersonalId == personalId));
}
