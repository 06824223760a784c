using System.Diagnostics;
using System.Diagnostics.Metrics;
using DataHub.Connectors.Http;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using Polly.CircuitBreaker;

namespace DataHub.Hub.Telemetry;

/// <summary>
/// The hub's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>DataHub</c>, and every
/// instrument on them. Nothing personal goes into a span, a tag or a metric: callers are named by department code or
/// role, sources by name, batches by size — never a key, a personal ID, a name or a query text.
/// With no listener (tracing off) a span costs one null check; counters cost an add.
/// </summary>
public static class DataHubTelemetry
{
    public const string Name = "DataHub";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "datahub.requests", "{request}", "GraphQL requests answered, by outcome (ok, partial, rejected, failed) and department");

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "datahub.request.duration", "s", "Time from reading a GraphQL request to its durable audit entry");

    private static readonly Counter<long> SourceCalls = Meter.CreateCounter<long>(
        "datahub.source.calls", "{call}", "Calls to a source (one per batch), by source");

    private static readonly Counter<long> SourceFailures = Meter.CreateCounter<long>(
        "datahub.source.failures", "{call}", "Source calls that failed (SOURCE_UNAVAILABLE), by source");

    private static readonly Histogram<double> SourceDuration = Meter.CreateHistogram<double>(
        "datahub.source.duration", "s", "Duration of one source call, by source");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "datahub.access.refusals", "{refusal}", "Access refusals in answers, by error code");

    private static readonly Histogram<double> AuditCommitDuration = Meter.CreateHistogram<double>(
        "datahub.audit.commit.duration", "s", "Duration of one audit commit (a batch of entries)");

    // Weakly held, so a host that is gone (tests start many) stops being observed.
    private static readonly List<WeakReference<HttpSourceClients>> CircuitObservers = [];
    private static readonly List<WeakReference<AuditWriter>> AuditQueueObservers = [];

    static DataHubTelemetry()
    {
        Meter.CreateObservableGauge("datahub.source.circuit", ObserveCircuits, "{state}",
            "Circuit state of each remote source: 0 closed, 1 half-open, 2 open");
        Meter.CreateObservableGauge("datahub.audit.queue", ObserveAuditQueue, "{entry}",
            "Audit entries waiting for their commit");
    }

    /// <summary>A caller as telemetry may name it: the department code, or the role.</summary>
    public static string CallerTag(HubPrincipal principal) => principal.Kind switch
    {
        PrincipalKind.Department => principal.DepartmentCode ?? "department",
        PrincipalKind.Steward => "steward",
        _ => "citizen",
    };

    public static void RequestAnswered(HubPrincipal principal, string outcome, long startedTimestamp, IEnumerable<string> errorCodes)
    {
        var department = CallerTag(principal);
        Requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("department", department));
        if (RequestDuration.Enabled)
        {
            RequestDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }

        foreach (var code in errorCodes)
        {
            if (AccessCodes.Contains(code))
            {
                Refusals.Add(1, new KeyValuePair<string, object?>("code", code));
            }
        }
    }

    public static void SourceCalled(string source, long startedTimestamp, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        SourceCalls.Add(1, tag);
        if (failed)
        {
            SourceFailures.Add(1, tag);
        }

        if (SourceDuration.Enabled)
        {
            SourceDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tag);
        }
    }

    public static void AuditCommitted(long startedTimestamp)
    {
        if (AuditCommitDuration.Enabled)
        {
            AuditCommitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        }
    }

    /// <summary>Adds the circuits of a hub's remote sources to <c>datahub.source.circuit</c>.</summary>
    public static void ObserveCircuits(HttpSourceClients clients)
    {
        lock (CircuitObservers)
        {
            CircuitObservers.RemoveAll(w => !w.TryGetTarget(out _));
            CircuitObservers.Add(new WeakReference<HttpSourceClients>(clients));
        }
    }

    /// <summary>Adds an audit writer's queue to <c>datahub.audit.queue</c>.</summary>
    public static void ObserveAuditQueue(AuditWriter writer)
    {
        lock (AuditQueueObservers)
        {
            AuditQueueObservers.RemoveAll(w => !w.TryGetTarget(out _));
            AuditQueueObservers.Add(new WeakReference<AuditWriter>(writer));
        }
    }

    /// <summary>The codes of refusals by the access decision and caller checks (<see cref="GraphQL.ErrorCodes"/>).</summary>
    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        GraphQL.ErrorCodes.FieldNotGranted, GraphQL.ErrorCodes.ConsentRequired, GraphQL.ErrorCodes.PurposeRequired,
        GraphQL.ErrorCodes.UnknownPurpose, GraphQL.ErrorCodes.PurposeNotAllowed, GraphQL.ErrorCodes.OwnRecordOnly,
        GraphQL.ErrorCodes.CitizenOnly, GraphQL.ErrorCodes.StewardOnly, GraphQL.ErrorCodes.DepartmentOnly,
    };

    private static List<Measurement<int>> ObserveCircuits()
    {
        lock (CircuitObservers)
        {
            return [.. CircuitObservers
                .Select(w => w.TryGetTarget(out var clients) ? clients : null)
                .OfType<HttpSourceClients>()
                .SelectMany(c => c.Circuits())
                .Select(c => new Measurement<int>(
                    c.State switch { CircuitState.Closed => 0, CircuitState.HalfOpen => 1, _ => 2 },
                    new KeyValuePair<string, object?>("source", c.Source)))];
        }
    }

    private static List<Measurement<int>> ObserveAuditQueue()
    {
        lock (AuditQueueObservers)
        {
            var writers = AuditQueueObservers.Select(w => w.TryGetTarget(out var writer) ? writer : null).OfType<AuditWriter>().ToList();
            return writers.Count == 0 ? [] : [new Measurement<int>(writers.Sum(w => w.QueueDepth))];
        }
    }
}
