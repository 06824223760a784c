using DataHub.Hub.Audit;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Health;

/// <summary>
/// <c>GET /healthz</c>: 200 when every source answers, 503 naming the ones that do not; for a remote source also the
/// state of its circuit breaker (<c>circuit</c>: Closed, Open, HalfOpen); and the hub's own databases
/// (<c>databases</c>: registry and audit), without which it answers no query.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (
            SourceCatalog catalog, IDbContextFactory<RegistryDbContext> registry, IDbContextFactory<AuditDbContext> audit,
            CancellationToken cancellationToken) =>
        {
            var checks = await Task.WhenAll(catalog.Connectors.Values.Select(async connector =>
                (connector.SourceName, Health: await connector.CheckHealthAsync(cancellationToken))));
            var databases = new Dictionary<string, object>
            {
                ["registry"] = await DatabaseAsync(registry, cancellationToken),
                ["audit"] = await DatabaseAsync(audit, cancellationToken),
            };
            var healthy = checks.All(c => c.Health.IsHealthy) && databases.Values.All(d => ((DatabaseHealth)d).Status == "Healthy");
            var body = new
            {
                status = healthy ? "Healthy" : "Unhealthy",
                databases,
                sources = checks.OrderBy(c => c.SourceName, StringComparer.Ordinal).ToDictionary(
                    c => c.SourceName,
                    c => new { status = c.Health.IsHealthy ? "Healthy" : "Unhealthy", detail = c.Health.Detail, circuit = c.Health.Circuit }),
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    private static async Task<DatabaseHealth> DatabaseAsync<TContext>(IDbContextFactory<TContext> factory, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var provider = db.Database.IsNpgsql() ? "PostgreSQL" : "Sqlite";
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? new DatabaseHealth("Healthy", provider)
                : new DatabaseHealth("Unhealthy", provider);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            return new DatabaseHealth("Unhealthy", provider);
        }
    }

    private sealed record DatabaseHealth(string Status, string Provider);
}
