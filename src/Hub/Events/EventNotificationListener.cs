using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataHub.Hub.Events;

/// <summary>
/// On PostgreSQL, LISTENs for events other hub instances stored and wakes this instance's subscribers
/// (<see cref="LifeEventSignal"/>). After a lost connection it wakes them too (a notification may have been missed;
/// they read the store) and listens again. On SQLite there is one instance and nothing to listen to.
/// </summary>
public sealed partial class EventNotificationListener(
    IDbContextFactory<EventDbContext> events, LifeEventSignal signal, ILogger<EventNotificationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var db = await events.CreateDbContextAsync(stoppingToken))
        {
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = db.Database.GetConnectionString();
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, Pooling = false };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Pulse();
                await using (var listen = new NpgsqlCommand("LISTEN " + LifeEventStore.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                signal.Pulse();
                LogListening(logger);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                signal.Pulse();
                LogLost(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for life events stored by other instances")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the event store's notifications ({Error}); reconnecting")]
    private static partial void LogLost(ILogger logger, string error);
}
