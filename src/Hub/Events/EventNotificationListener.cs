using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Events;

/// <summary>
/// On PostgreSQL, wakes this instance's subscribers (<see cref="LifeEventSignal"/>) for events other hub instances
/// stored, and whenever a notification may have been missed: they read the store after their cursor, so an extra
/// wake-up costs only a read (<see cref="PostgresChannelListener{TContext}"/>).
/// </summary>
public sealed class EventNotificationListener(
    IDbContextFactory<EventDbContext> events, LifeEventSignal signal, ILogger<EventNotificationListener> logger)
    : PostgresChannelListener<EventDbContext>(events, LifeEventStore.Channel, logger)
{
    protected override void Notified(string payload) => signal.Pulse();

    protected override void Reset(bool listening) => signal.Pulse();
}
