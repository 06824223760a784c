using DataHub.Hub.Identity;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DataHub.Hub.Telemetry;

/// <summary>
/// OpenTelemetry for the hub: the <c>DataHub</c> spans and metrics (<see cref="DataHubTelemetry"/>) with ASP.NET Core's,
/// exported by OTLP when the <c>OTEL_*</c> variables name an endpoint, to the console when <c>Telemetry:Console</c>,
/// and scraped by Prometheus at <c>/metrics</c> (stewards only). Without an exporter no trace is recorded at all.
/// </summary>
public static class TelemetryServiceExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddDataHubTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otlpTraces = otlp || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        var otlpMetrics = otlp || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);
        var otlpLogs = otlp || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"]);

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
            {
                resource.AddService("datahub");
            }
        });

        if (otlpTraces || options.Console || options.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(DataHubTelemetry.Name).AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    // A GET's query string holds the GraphQL document and its variables (personal IDs): never recorded.
                    aspNetCore.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                    aspNetCore.RecordException = false;
                });
                if (otlpTraces)
                {
                    tracing.AddOtlpExporter();
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        }

        if (otlpMetrics || options.Prometheus)
        {
            telemetry.WithMetrics(metrics =>
            {
                // System.Runtime: .NET's own meter (GC, allocations, working set, thread pool); no personal data in it.
                metrics.AddMeter(DataHubTelemetry.Name, "System.Runtime").AddAspNetCoreInstrumentation();
                if (otlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }

                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (otlpLogs)
        {
            // Log records carry the trace and span ids of the request they were written in.
            builder.Logging.AddOpenTelemetry(logging => logging.AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, for data stewards (an operator scrapes with a steward token).</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(HubPolicies.Steward);
        }

        return app;
    }
}
