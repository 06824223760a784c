using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Figures counted in the hub's own stores (<see cref="IHubFigureSource"/>): liên thông dossiers in the event store,
/// data-quality scores in the reconciliation's store. Published through the same protection as the sources' figures.
/// </summary>
public static class HubFigures
{
    public static IReadOnlyList<StatisticsFigure> All { get; } =
    [
        new("dossierTimes", Dossiers.DossierAggregates.SourceName, "Dossier",
            "Liên thông dossiers (hồ sơ liên thông), counted in the event store; the sum is the hours from filing to the last step of the done ones (sum / count of a DONE cell: mean hours).",
        [
            new("chain", "CHAIN", "The chain (birth, death).", new AggregateDimension("chain")),
            new("filedMonth", "FILED_MONTH", "Month the dossier was filed, yyyy-MM (UTC).", new AggregateDimension("filedMonth")),
            new("state", "STATE", "DONE, WAITING, or FAILED (a step not taken within the chain's wait).", new AggregateDimension("state")),
            new("outcome", "OUTCOME", "done-in-target (within the chain's wait per step), done-late, waiting, failed.", new AggregateDimension("outcome")),
        ], "hoursToDone", "Hours from filing to the last step, of the done dossiers."),
        new("dataQuality", Quality.QualityAggregates.SourceName, "QualityCheck",
            "Records checked by the newest finished reconciliation run, counted in its store, as clean or failed per source and rule.",
        [
            new("source", "SOURCE", "The source whose records the rule judges.", new AggregateDimension("source")),
            new("rule", "RULE", "The rule's code (schema/quality-rules.json).", new AggregateDimension("rule")),
            new("outcome", "OUTCOME", "clean or failed.", new AggregateDimension("outcome")),
        ]),
    ];
}
