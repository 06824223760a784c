using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Figures composed from two sources by key, inside the hub (<see cref="Under6CardCoverage"/>); the keys never leave
/// the hub except to the department that already holds them, and only counts are published.
/// </summary>
public static class ComposedStatisticsFigures
{
    public const string Under6CardCoverageName = "under6CardCoverage";

    public static IReadOnlyList<StatisticsFigure> All { get; } =
    [
        new(Under6CardCoverageName, "population", "Citizen",
            "Children under 6 (population database) and whether each holds a health insurance card in force today (Social Security), " +
            "composed by key in the hub: the share with a card is the 'true' cell over the two cells of a commune.",
        [
            new("commune", "COMMUNE", "The commune (xã, phường) of the child's household.", new AggregateDimension("commune", Through: "household")),
            new("hasValidCard", "HAS_VALID_CARD", "Whether the child holds a card in force today (true, false).", new AggregateDimension("insuranceCard", DimensionBucket.Present)),
        ]),
    ];

    public static bool IsComposed(StatisticsFigure figure) => figure.Name == Under6CardCoverageName;
}
