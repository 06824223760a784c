using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataHub.Hub.Access;

/// <summary>
/// Keeps this instance's cached decisions in step with the others: it LISTENs on the registry's PostgreSQL and
/// drops the cache on every NOTIFY. After a lost connection it drops the cache too (notifications may have been
/// missed) and listens again. On SQLite there is one instance and nothing to listen to.
/// </summary>
public sealed partial class PolicyChangeListener(
    IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, ILogger<PolicyChangeListener> logger) : BackgroundService
{
    public const string Channel = "datahub_policy";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var db = await registry.CreateDbContextAsync(stoppingToken))
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
                connection.Notification += (_, notification) => decisions.Notified(notification.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                decisions.InvalidateLocal();
                decisions.IsListening = true;
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
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                decisions.IsListening = false;
                decisions.InvalidateLocal();
                LogLost(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for policy changes on the registry")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the registry's change notifications ({Error}); reconnecting")]
    private static partial void LogLost(ILogger logger, string error);
}
