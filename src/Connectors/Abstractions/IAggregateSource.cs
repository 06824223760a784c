namespace DataHub.Connectors;

/// <summary>
/// A connector whose source counts and sums itself. The hub asks it for figures, never for records: a source that
/// cannot aggregate has no statistics.
/// </summary>
public interface IAggregateSource
{
    /// <summary>The groups of <paramref name="query"/>, computed in the source.</summary>
    Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken);
}
