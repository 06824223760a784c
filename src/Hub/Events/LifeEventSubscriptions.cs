using System.Runtime.CompilerServices;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Events;

/// <summary>
/// What both subscription transports share. Opening a subscription is one execution of its document through the
/// one pipeline with no event (planned, decided, audited — refused there with the decision's code); each delivery is
/// one more execution with the event as the root value, so a payload never holds a field the subscriber could not
/// query, and every delivery has its audit entry before it is sent. Events are read from the store after the
/// subscriber's cursor; the signal only wakes the reader, so resuming after a disconnect, a restart or days away is
/// the same path as live delivery.
/// </summary>
/// <remarks>
/// A citizen's <c>myNotifications</c> rides the same transports: its start is a <see cref="Portal.NotificationStart"/>,
/// streamed by <see cref="Portal.CitizenNotificationStream"/> the same way (one pipeline execution per delivery).
/// </remarks>
public sealed class LifeEventSubscriptions(
    GraphQLPipeline pipeline, LifeEventStore store, LifeEventSignal signal, AccessDecisions decisions, IOptions<EventOptions> options,
    Portal.CitizenNotificationStream notifications)
{
    /// <summary>
    /// Runs the operation once. A subscription the decision admits comes back with its start (a <see cref="SubscriptionStart"/>,
    /// or a <see cref="Portal.NotificationStart"/>); anything else (a refusal, or a query or mutation sent over a
    /// subscription transport) with its one result.
    /// </summary>
    public async Task<(ExecutionResult? Result, object? Start)> OpenAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, string requestId, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var context = new HubRequestContext(principal, purpose);
        var result = await pipeline.ExecuteAsync(surface, principal, purpose, request, requestId, services, cancellationToken, context);
        if (context.Plan?.OperationType == OperationType.Subscription && result.Errors is not { Count: > 0 }
            && context.GetValueOrDefault(SubscriptionStart.Key) is { } start and (SubscriptionStart or Portal.NotificationStart))
        {
            return (null, start);
        }

        if (context.Plan?.OperationType == OperationType.Subscription)
        {
            result.Executed = false; // refused: the transports answer with an error, not a first event
        }

        return (result, null);
    }

    /// <summary>
    /// The start moved to after a cursor a reconnecting client sent back (<c>Last-Event-ID</c>); a cursor this stream did
    /// not issue is a <see cref="DataHubError"/> with <c>INVALID_CURSOR</c>.
    /// </summary>
    public static object Resume(object start, string cursor) => start switch
    {
        Portal.NotificationStart notification => notification with { After = notification.After.Max(Portal.NotificationCursor.Decode(cursor)) },
        SubscriptionStart events => events with { After = Math.Max(events.After, EventCursor.Decode(cursor)) },
        _ => throw new ArgumentException("Not a subscription start.", nameof(start)),
    };

    /// <summary>
    /// Delivers every event after the start's cursor, then each new one, until cancelled, each with its cursor; a null
    /// cursor ends the stream with that result. The kinds are decided again before every read, so a receiver right
    /// revoked stops the stream (ending with the refusal); a store or audit that cannot be written ends it too, and the
    /// subscriber resumes from its last cursor.
    /// </summary>
    public IAsyncEnumerable<(string? Cursor, ExecutionResult Result)> StreamAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, object start, string connectionId,
        IServiceProvider services, CancellationToken cancellationToken) => start switch
        {
            Portal.NotificationStart notification => notifications.StreamAsync(surface, principal, purpose, request, notification, connectionId, services, cancellationToken),
            SubscriptionStart events => StreamEventsAsync(surface, principal, purpose, request, events, connectionId, services, cancellationToken),
            _ => throw new ArgumentException("Not a subscription start.", nameof(start)),
        };

    private async IAsyncEnumerable<(string? Cursor, ExecutionResult Result)> StreamEventsAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, SubscriptionStart start, string connectionId,
        IServiceProvider services, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var after = start.After;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = signal.Next; // taken before the read: an event stored meanwhile still wakes us
            var (current, refusal) = decisions.ReceivableKinds(principal, purpose, null);
            var kinds = start.Kinds.Where(current.Contains).ToHashSet(StringComparer.Ordinal);
            if (refusal is not null || kinds.Count == 0)
            {
                yield return (null, Ended(refusal?.Code ?? ErrorCodes.EventNotAllowed, refusal?.Message ?? "You no longer receive these kinds of life events."));
                yield break;
            }

            IReadOnlyList<LifeEvent> events;
            try
            {
                events = await store.ReadAfterAsync(after, kinds, settings.ReadBatch, cancellationToken);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                events = []; // the store is down: read again at the next poll
            }

            // Each event is executed as soon as the one before it is, its entry queued; a delivery leaves once its own
            // entry is durable, in order. The entries of events executed meanwhile share the writer's next group commit
            // instead of one commit each (one after another, that was the delivery rate's ceiling).
            var pending = new Queue<(LifeEvent Event, Task<ExecutionResult> Answer)>();
            for (var next = 0; next < events.Count || pending.Count > 0;)
            {
                if (next < events.Count && (pending.Count == 0 || !pending.Peek().Answer.IsCompleted))
                {
                    var lifeEvent = events[next++];
                    var context = new HubRequestContext(principal, purpose) { DeliveredEvent = lifeEvent };
                    pending.Enqueue((lifeEvent, await pipeline.ExecuteQueuedAsync(
                        surface, principal, purpose, request, $"{connectionId}:{lifeEvent.Sequence}", services, cancellationToken, context)));
                    continue;
                }

                var (delivered, answer) = pending.Dequeue();
                var result = await answer;
                if (result.Errors?.Any(e => e.Code is "AUDIT_UNAVAILABLE" or DatabaseErrors.Code) == true)
                {
                    yield return (null, result); // not delivered: the subscriber resumes from its last cursor
                    yield break;
                }

                after = delivered.Sequence;
                yield return (EventCursor.Encode(delivered.Sequence), result);
            }

            if (events.Count < settings.ReadBatch)
            {
                await Task.WhenAny(wake, Task.Delay(TimeSpan.FromSeconds(settings.PollSeconds), cancellationToken));
            }
        }
    }

    private static ExecutionResult Ended(string code, string message) =>
        new() { Executed = false, Errors = [new DataHubError(code, message)] };
}
