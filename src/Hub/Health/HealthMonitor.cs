using DataHub.Hub.Audit;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Health;

/// <summary>
/// The hub's health, checked at most once per <see cref="HealthOptions.CacheSeconds"/>: callers within that time
/// get the last report, and callers arriving while a check runs share it. So <c>/healthz</c> is cheap however
/// often it is called, and never a way to load the databases or the departments' services.
/// </summary>
public sealed class HealthMonitor(
    SourceCatalog catalog, IDbContextFactory<RegistryDbContext> registry, IDbContextFactory<AuditDbContext> audit,
    IOptions<HealthOptions> options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private Task<HealthReport>? _current;
    private long _startedAt;

    public Task<HealthReport> ReportAsync()
    {
        lock (_lock)
        {
            var fresh = _current is { } running
                && (!running.IsCompleted || clock.GetElapsedTime(_startedAt).TotalSeconds < options.Value.CacheSeconds);
            if (!fresh)
            {
                _startedAt = clock.GetTimestamp();
                // Not tied to one caller's request: an aborted call must not cancel the check the others wait for.
                _current = CheckAsync();
            }

            return _current!;
        }
    }

    private async Task<HealthReport> CheckAsync()
    {
        var sources = Task.WhenAll(catalog.Connectors.Values.Select(async connector =>
            (connector.SourceName, Health: await connector.CheckHealthAsync(CancellationToken.None))));
        var databases = new SortedDictionary<string, HealthReport.Database>(StringComparer.Ordinal)
        {
            ["registry"] = await DatabaseAsync(registry),
            ["audit"] = await DatabaseAsync(audit),
        };
        var checks = (await sources).OrderBy(c => c.SourceName, StringComparer.Ordinal).ToDictionary(
            c => c.SourceName,
            c => new HealthReport.Source(c.Health.IsHealthy ? HealthReport.Healthy : HealthReport.Unhealthy, c.Health.Detail, c.Health.Circuit));
        var status = databases.Values.Any(d => d.Status != HealthReport.Healthy) ? HealthReport.Unhealthy
            : checks.Values.Any(s => s.Status != HealthReport.Healthy) ? HealthReport.Degraded
            : HealthReport.Healthy;
        return new HealthReport(status, clock.GetUtcNow().UtcDateTime, databases, checks);
    }

    private static async Task<HealthReport.Database> DatabaseAsync<TContext>(IDbContextFactory<TContext> factory)
        where TContext : DbContext
    {
        await using var db = await factory.CreateDbContextAsync();
        var provider = db.Database.IsNpgsql() ? "PostgreSQL" : "Sqlite";
        try
        {
            return new HealthReport.Database(await db.Database.CanConnectAsync() ? HealthReport.Healthy : HealthReport.Unhealthy, provider);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            return new HealthReport.Database(HealthReport.Unhealthy, provider);
        }
    }
}
