namespace DataHub.Connectors;

/// <summary>One group: its dimension values (as text, in the query's order; null for a missing value), count and sum.</summary>
public sealed record AggregateRow(IReadOnlyList<string?> Keys, long Count, double? Sum);
