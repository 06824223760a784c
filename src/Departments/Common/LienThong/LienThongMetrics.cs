using System.Diagnostics.Metrics;

namespace DataHub.Departments.LienThong;

/// <summary>
/// The workers' meter, <c>DataHub.Departments.LienThong</c>: read it with <c>dotnet-counters monitor -p PID
/// --counters DataHub.Departments.LienThong</c> or any OpenTelemetry listener. Tags are the worker's name, never data.
/// </summary>
public static class LienThongMetrics
{
    public const string Name = "DataHub.Departments.LienThong";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Parked = Meter.CreateCounter<long>(
        "datahub.lienthong.events.parked", "{event}", "Events parked after their last failed attempt (see lien_thong_parked in the worker's database).");

    private static readonly Counter<long> FailedAttempts = Meter.CreateCounter<long>(
        "datahub.lienthong.events.failed_attempts", "{attempt}", "Failed attempts at one event, each followed by a backoff or by parking.");

    public static void EventParked(string worker) => Parked.Add(1, new KeyValuePair<string, object?>("worker", worker));

    public static void AttemptFailed(string worker) => FailedAttempts.Add(1, new KeyValuePair<string, object?>("worker", worker));
}
