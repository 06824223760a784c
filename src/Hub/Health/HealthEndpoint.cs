namespace DataHub.Hub.Health;

/// <summary>
/// <c>GET /healthz</c>, for load balancers and anyone: only <c>{"status": Healthy | Degraded | Unhealthy}</c>, 503 when
/// Unhealthy, from the cached report (<see cref="HealthMonitor"/>); it names no database and no source.
/// <c>GET /admin/health</c>, for stewards: the same report with each hub database and source, its state and why,
/// and for a remote source the state of its circuit breaker.
/// </summary>
public static class HealthEndpoint
{
    public static IServiceCollection AddDataHubHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<HealthMonitor>();
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (HealthMonitor monitor) =>
        {
            var report = await monitor.ReportAsync();
            return Results.Json(new { status = report.Status }, statusCode: report.HttpStatus);
        });
        return app;
    }

    /// <summary>The detailed view; mapped inside the steward-only <c>/admin</c> group.</summary>
    public static IEndpointRouteBuilder MapHealthDetails(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/health", async (HealthMonitor monitor) =>
        {
            var report = await monitor.ReportAsync();
            return Results.Json(new
            {
                status = report.Status,
                checkedAt = report.CheckedAt,
                databases = report.Databases.ToDictionary(d => d.Key, d => new { status = d.Value.Status, provider = d.Value.Provider }),
                sources = report.Sources.ToDictionary(s => s.Key, s => new { status = s.Value.Status, detail = s.Value.Detail, circuit = s.Value.Circuit }),
            }, statusCode: report.HttpStatus);
        });
        return admin;
    }
}
