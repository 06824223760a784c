using DataHub.Hub.Sources;

namespace DataHub.Hub.Health;

/// <summary>
/// <c>GET /healthz</c>: 200 when every source answers, 503 naming the ones that do not; for a remote source also the
/// state of its circuit breaker (<c>circuit</c>: Closed, Open, HalfOpen).
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (SourceCatalog catalog, CancellationToken cancellationToken) =>
        {
            var checks = await Task.WhenAll(catalog.Connectors.Values.Select(async connector =>
                (connector.SourceName, Health: await connector.CheckHealthAsync(cancellationToken))));
            var healthy = checks.All(c => c.Health.IsHealthy);
            var body = new
            {
                status = healthy ? "Healthy" : "Unhealthy",
                sources = checks.OrderBy(c => c.SourceName, StringComparer.Ordinal).ToDictionary(
                    c => c.SourceName,
                    c => new { status = c.Health.IsHealthy ? "Healthy" : "Unhealthy", detail = c.Health.Detail, circuit = c.Health.Circuit }),
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
