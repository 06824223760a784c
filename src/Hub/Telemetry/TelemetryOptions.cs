namespace DataHub.Hub.Telemetry;

/// <summary>
/// Telemetry switches, from the <c>Telemetry</c> section. The OTLP exporter is configured by the standard
/// <c>OTEL_*</c> variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_SERVICE_NAME</c>, …) and is off when they are unset.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Print every finished span to the console (the OpenTelemetry console exporter): for a look, not for production.</summary>
    public bool Console { get; set; }

    /// <summary>Record spans even with no exporter named here (an exporter added in code, as the tests' in-memory one).</summary>
    public bool Tracing { get; set; }

    /// <summary>Serve the Prometheus scrape endpoint <c>/metrics</c> to data stewards.</summary>
    public bool Prometheus { get; set; } = true;
}
