namespace DataHub.Hub.Statistics;

/// <summary>A figure as published: protected cells, the protected total, when it was computed and how it was protected.</summary>
public sealed record StatisticsTable(
    string Figure, IReadOnlyList<string> Dimensions, IReadOnlyList<StatisticsCell> Cells, StatisticsCell Total, DateTimeOffset ComputedAt,
    int MinimumCount, bool Perturbed);
