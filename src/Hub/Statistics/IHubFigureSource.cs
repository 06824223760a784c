using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// A source of figures that lives in the hub itself rather than behind a connector (the event store's dossiers, the
/// reconciliation's store). It aggregates in its own database like a connector does; a figure names it by
/// <see cref="Name"/>, which starts with <see cref="StatisticsFigure.HubSourcePrefix"/>.
/// </summary>
public interface IHubFigureSource : IAggregateSource
{
    string Name { get; }
}
