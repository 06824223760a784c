namespace DataHub.Hub.Statistics;

/// <summary>
/// One published cell: its dimension values, the protected count and sum (null when suppressed), and why it was
/// suppressed (<c>small</c>: fewer than k; <c>complement</c>: it would give a small one away from the total).
/// </summary>
public sealed record StatisticsCell(IReadOnlyList<string?> Keys, long? Count, double? Sum, string? Suppression)
{
    public bool Suppressed => Suppression is not null;
}
