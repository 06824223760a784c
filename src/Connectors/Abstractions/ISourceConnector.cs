namespace DataHub.Connectors;

/// <summary>
/// The contract every connector implements: how the hub reads one source database.
/// Requests and rows speak the source schema's names (types and fields), never tables or URLs;
/// translating them is the connector's job, driven by the source's declarative mapping.
/// Keys travel as strings (GraphQL <c>ID</c>) and every method takes a whole batch, so the hub
/// makes one call per source per level of a query.
/// </summary>
public interface ISourceConnector
{
    /// <summary>The source's name, as in <c>schema/&lt;source&gt;.graphql</c>.</summary>
    string SourceName { get; }

    /// <summary>Entities of <paramref name="typeName"/> whose key is one of <paramref name="keys"/>.</summary>
    Task<IReadOnlyDictionary<string, SourceRow>> LookupAsync(
        string typeName, IReadOnlyCollection<string> keys, IReadOnlyCollection<string> fields, CancellationToken cancellationToken);

    /// <summary>
    /// The items of the list field <paramref name="typeName"/>.<paramref name="fieldName"/> for each parent key,
    /// e.g. <c>Citizen.landRights</c> for 100 citizens in one call.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<SourceRow>>> CollectAsync(
        string typeName, string fieldName, IReadOnlyCollection<string> parentKeys, IReadOnlyCollection<string> fields,
        CancellationToken cancellationToken);

    /// <summary>One page of a filtered, ordered list of entities.</summary>
    Task<SourcePage> ListAsync(ListQuery request, CancellationToken cancellationToken);

    /// <summary>Whether the source answers now.</summary>
    Task<SourceHealth> CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One entity as a source returned it: field name to value. Scalars are CLR values
/// (string, int, double, bool, DateOnly); a reference field holds the referenced entity's key;
/// an embedded object is a nested <see cref="SourceRow"/>.
/// </summary>
public sealed class SourceRow(string key, IReadOnlyDictionary<string, object?> values)
{
    public string Key { get; } = key;

    public IReadOnlyDictionary<string, object?> Values { get; } = values;

    public object? this[string field] => Values.TryGetValue(field, out var value) ? value : null;
}

/// <summary>A page of rows; <see cref="TotalCount"/> is set only when it was asked for.</summary>
public sealed record SourcePage(IReadOnlyList<SourceRow> Rows, bool HasNextPage, int? TotalCount);

/// <summary>The answer of a health check; <see cref="Detail"/> is safe to show (no connection strings).</summary>
public sealed record SourceHealth(bool IsHealthy, string Detail)
{
    /// <summary>
    /// For sources reached over HTTP: the state of the circuit breaker in front of them (<c>Closed</c>, <c>Open</c>,
    /// <c>HalfOpen</c>); null for sources without one. While it is open, calls fail at once with
    /// <see cref="SourceUnavailableException"/> instead of waiting for a source that keeps failing.
    /// </summary>
    public string? Circuit { get; init; }
}

/// <summary>A list request: filter, order and an offset window, in schema names.</summary>
public sealed record ListQuery(
    string TypeName,
    FilterNode? Where,
    IReadOnlyList<SortField> Order,
    int Skip,
    int Take,
    IReadOnlyCollection<string> Fields,
    bool IncludeTotalCount);

/// <summary>A field to order by.</summary>
public sealed record SortField(string Field, bool Descending);
