namespace DataHub.Hub.Health;

/// <summary>
/// One check of the hub's databases (registry, audit) and its sources. <c>Unhealthy</c>: a hub database does not
/// answer, so no query can be answered; <c>Degraded</c>: a source does not answer, so its fields are null;
/// else <c>Healthy</c>.
/// </summary>
public sealed record HealthReport(
    string Status, DateTime CheckedAt, IReadOnlyDictionary<string, HealthReport.Database> Databases,
    IReadOnlyDictionary<string, HealthReport.Source> Sources)
{
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
    public const string Unhealthy = "Unhealthy";

    public int HttpStatus => Status == Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;

    /// <summary>A hub database: its state and provider.</summary>
    public sealed record Database(string Status, string Provider);

    /// <summary>A source: its state, why, and for a remote source its circuit breaker (Closed, Open, HalfOpen).</summary>
    public sealed record Source(string Status, string Detail, string? Circuit);
}
