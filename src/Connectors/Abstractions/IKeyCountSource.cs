namespace DataHub.Connectors;

/// <summary>
/// A source that counts, for a batch of keys the hub already holds, how many have a record of a type in force on a
/// day (a holder with a valid card) — so a cross-source figure is composed from counts: the keys go to the department
/// that already holds them, only a count (and a cell-key sum) comes back.
/// </summary>
public interface IKeyCountSource
{
    /// <summary>The count for one batch; at most <see cref="KeyCountQuery.MaxKeys"/> keys.</summary>
    Task<AggregateRow> CountKeysAsync(KeyCountQuery query, CancellationToken cancellationToken);
}
