using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataHub.Hub.Registry;

/// <summary>
/// LISTENs on one PostgreSQL channel of a hub store and hands each NOTIFY to <see cref="Notified"/>. After a lost
/// connection it calls <see cref="Reset"/> (a notification may have been missed) and listens again; once listening it
/// calls <see cref="Reset"/> too, for what happened while it was not. On SQLite there is one instance and nothing to
/// listen to. The policy cache and the life-event subscribers share this loop.
/// </summary>
public abstract partial class PostgresChannelListener<TContext>(IDbContextFactory<TContext> store, string channel, ILogger logger) : BackgroundService
    where TContext : DbContext
{
    protected abstract void Notified(string payload);

    /// <summary>Listening started (<paramref name="listening"/> true) or the connection was lost (false).</summary>
    protected abstract void Reset(bool listening);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var db = await store.CreateDbContextAsync(stoppingToken))
        {
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = db.Database.GetConnectionString();
        }

        // Keepalive lets WaitAsync notice a dead server instead of waiting forever.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, Pooling = false };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notification) => Notified(notification.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Reset(listening: true);
                LogListening(logger, channel);
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
                Reset(listening: false);
                LogLost(logger, channel, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on PostgreSQL channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost PostgreSQL channel {Channel} ({Error}); reconnecting")]
    private static partial void LogLost(ILogger logger, string channel, string error);
}
