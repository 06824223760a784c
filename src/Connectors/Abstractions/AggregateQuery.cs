namespace DataHub.Connectors;

/// <summary>
/// Counts (and optionally a sum) of the entities of <see cref="TypeName"/> that match <see cref="Where"/>, grouped by
/// <see cref="GroupBy"/>: what a source computes itself (SQL <c>GROUP BY</c>), so no record leaves it.
/// </summary>
/// <param name="TypeName">The entity counted, in schema names.</param>
/// <param name="Where">The same filter tree a list request takes.</param>
/// <param name="GroupBy">At most <see cref="MaxDimensions"/> dimensions.</param>
/// <param name="SumField">A numeric field summed per group, or null.</param>
/// <param name="AsOf">The day ages are computed at (age bands).</param>
public sealed record AggregateQuery(
    string TypeName, FilterNode? Where, IReadOnlyList<AggregateDimension> GroupBy, string? SumField, DateOnly AsOf)
{
    /// <summary>When set, each group also returns the sum of its records' keys (<see cref="AggregateRow.KeySum"/>).</summary>
    public RecordKeys? RecordKeys { get; init; }

    /// <summary>The most dimensions one aggregate groups by.</summary>
    public const int MaxDimensions = 3;
}
