using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>A figure as the source counted it, before protection; never leaves the hub.</summary>
public sealed record RawTable(IReadOnlyList<AggregateRow> Rows, DateTimeOffset ComputedAt);
