namespace DataHub.Connectors;

/// <summary>
/// One group: its dimension values (as text, in the query's order; null for a missing value), count, sum, and the sum
/// of its records' keys when <see cref="AggregateQuery.RecordKeys"/> asked for it.
/// </summary>
public sealed record AggregateRow(IReadOnlyList<string?> Keys, long Count, double? Sum, long? KeySum = null);
