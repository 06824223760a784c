using DataHub.Connectors;
using DataHub.Hub.Access;

namespace DataHub.Hub.Planning;

/// <summary>
/// Everything one GraphQL request carries through its resolvers (GraphQL.NET's user context): the caller and purpose,
/// so every resolver sees the same principal; the batch loaders, shared by every resolver of the request; the count
/// of calls made to each source; and what was read, for the audit entry.
/// </summary>
public sealed class HubRequestContext(HubPrincipal? principal = null, string? purpose = null) : Dictionary<string, object?>
{
    // A request's own tables (loaders, decisions, calls, citizens) are plain collections behind one Lock: they hold a few
    // entries each, are written mostly by GraphQL.NET's serial walker and now and then by a level's parallel source
    // calls, and an uncontended Lock is one compare-and-swap. ConcurrentDictionaries took an object monitor on every
    // write, and on two cores their slow path was 14 % of the cross-source request's thread time.
    private readonly Lock _sync = new();
    private readonly Dictionary<string, IPendingBatch> _loaders = new(StringComparer.Ordinal);
    private readonly List<IPendingBatch> _loadersInOrder = [];
    private readonly Dictionary<string, Access.Decision> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sourceCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _citizensRead = new(StringComparer.Ordinal);

    /// <summary>Who asks (null only for in-process callers such as start-up seeding).</summary>
    public HubPrincipal? Principal { get; } = principal;

    /// <summary>The purpose the caller stated (X-Purpose header or extensions.purpose).</summary>
    public string? Purpose { get; } = purpose;

    /// <summary>
    /// The life event this execution delivers to a subscriber (the operation's root value), or null. A delivery is
    /// decided field by field as it resolves: a field the subscriber may no longer read is null with its code, the rest
    /// is delivered.
    /// </summary>
    public object? DeliveredEvent { get; init; }

    /// <summary>The operation as planned and checked before execution; null until then (or when it was refused earlier).</summary>
    public OperationPlan? Plan { get; set; }

    /// <summary>Plan the operation and stop there (registering a document: what it reads, without running it).</summary>
    public bool PlanOnly { get; init; }

    /// <summary>A citizen changed a minor's consent as their representative: the audit entry names a representative.</summary>
    public bool ActedAsRepresentative { get; set; }

    /// <summary>A field's access decision as execution first reaches it in this request; every row after reuses it.</summary>
    public Access.Decision DecisionAtExecution(string field, Access.AccessDecisions decisions)
    {
        lock (_sync)
        {
            if (_decisions.TryGetValue(field, out var known))
            {
                return known;
            }
        }

        // Decided outside the lock (it reads the cached policy); two first askers at once decide alike.
        var decision = decisions.Decide(Principal!, Purpose, field);
        lock (_sync)
        {
            return _decisions.TryAdd(field, decision) ? decision : _decisions[field];
        }
    }

    public BatchLoader<T> Loader<T>(string name, Func<BatchLoader<T>.Fetch> fetch)
        where T : class
    {
        lock (_sync)
        {
            if (!_loaders.TryGetValue(name, out var loader))
            {
                loader = new BatchLoader<T>(fetch(), DispatchPending);
                _loaders[name] = loader;
                _loadersInOrder.Add(loader);
            }

            return (BatchLoader<T>)loader;
        }
    }

    /// <summary>
    /// Starts every loader's collected batch, in the order the loaders were first used: called when the first result of
    /// a level is awaited. The calls then run in parallel (<see cref="SourceGateway"/>).
    /// </summary>
    public void DispatchPending(CancellationToken cancellationToken)
    {
        IPendingBatch[] loaders;
        lock (_sync)
        {
            loaders = [.. _loadersInOrder];
        }

        foreach (var loader in loaders)
        {
            loader.DispatchPending(cancellationToken);
        }
    }

    /// <summary>Citizens whose data was returned or used to answer: what the audit entry records (the fields come from the plan).</summary>
    public IReadOnlyCollection<string> CitizensRead
    {
        get
        {
            lock (_sync)
            {
                return [.. _citizensRead];
            }
        }
    }

    /// <summary>Notes a citizen the answer is about.</summary>
    public void RecordCitizen(string citizen)
    {
        lock (_sync)
        {
            _citizensRead.Add(citizen);
        }
    }

    /// <summary>Calls made to each source during this request, by source name in ordinal order.</summary>
    public IReadOnlyDictionary<string, int> SourceCalls
    {
        get
        {
            lock (_sync)
            {
                return new SortedDictionary<string, int>(_sourceCalls, StringComparer.Ordinal);
            }
        }
    }

    public void CountCall(string source)
    {
        lock (_sync)
        {
            _sourceCalls[source] = _sourceCalls.GetValueOrDefault(source) + 1;
        }
    }
}

/// <summary>
/// The one way resolvers reach connectors: it counts calls per source and turns a source failure into
/// <c>SOURCE_UNAVAILABLE</c> for that source's fields. Access decisions and audit hook in here.
/// </summary>
public sealed class SourceGateway(IReadOnlyDictionary<string, ISourceConnector> connectors)
{
    public ISourceConnector Connector(string source) => connectors[source];

    public IReadOnlyCollection<string> Sources => connectors.Keys.ToList();

    public Task<IReadOnlyDictionary<string, SourceRow>> LookupAsync(
        HubRequestContext request, string source, string typeName, IReadOnlyCollection<string> keys,
        IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        Call(request, source, "lookup", keys.Count, () => connectors[source].LookupAsync(typeName, keys, fields, cancellationToken));

    public Task<IReadOnlyDictionary<string, IReadOnlyList<SourceRow>>> CollectAsync(
        HubRequestContext request, string source, string typeName, string fieldName, IReadOnlyCollection<string> parentKeys,
        IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        Call(request, source, "collect", parentKeys.Count, () => connectors[source].CollectAsync(typeName, fieldName, parentKeys, fields, cancellationToken));

    public Task<SourcePage> ListAsync(HubRequestContext request, string source, ListQuery query, CancellationToken cancellationToken) =>
        Call(request, source, "list", null, () => connectors[source].ListAsync(query, cancellationToken));

    /// <summary>Groups counted in the source (statistics); only sources that aggregate themselves answer.</summary>
    public Task<IReadOnlyList<AggregateRow>> AggregateAsync(HubRequestContext request, string source, AggregateQuery query, CancellationToken cancellationToken) =>
        Call(request, source, "aggregate", null, () => ((IAggregateSource)connectors[source]).AggregateAsync(query, cancellationToken));

    /// <summary>How many of a batch of keys have a record in force at the source (a composed figure); the keys are not recorded anywhere.</summary>
    public Task<AggregateRow> CountKeysAsync(HubRequestContext request, string source, KeyCountQuery query, CancellationToken cancellationToken) =>
        Call(request, source, "count_keys", query.Keys.Count, () => ((IKeyCountSource)connectors[source]).CountKeysAsync(query, cancellationToken));

    // Every source call, whatever its connector: counted for the response, a span and metrics (source name and batch
    // size only; never the keys).
    private static async Task<T> Call<T>(HubRequestContext request, string source, string operation, int? batchSize, Func<Task<T>> call)
    {
        request.CountCall(source);

        // A level's batches are started one after another (HubRequestContext.DispatchPending), and a connector runs
        // until its first await: a SQLite read is synchronous, an HTTP call builds and sends its request first. Each call
        // goes on from the thread pool instead, so the sources of one level are read in parallel, not one after another.
        await Task.Yield();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = Telemetry.DataHubTelemetry.Source.StartActivity("source." + operation);
        span?.SetTag("datahub.source", source);
        if (batchSize is not null)
        {
            span?.SetTag("datahub.batch_size", batchSize);
        }

        try
        {
            var result = await call();
            Telemetry.DataHubTelemetry.SourceCalled(source, started, failed: false);
            return result;
        }
        catch (SourceUnavailableException)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "source unavailable");
            Telemetry.DataHubTelemetry.SourceCalled(source, started, failed: true);
            throw;
        }
    }
}
