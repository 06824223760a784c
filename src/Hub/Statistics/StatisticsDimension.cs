using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// A dimension a figure is grouped by: <see cref="Name"/> is what grants and forms say (<c>commune</c>),
/// <see cref="EnumValue"/> what GraphQL's <c>groupBy</c> says (<c>COMMUNE</c>), <see cref="Grouping"/> what the source computes.
/// </summary>
public sealed record StatisticsDimension(string Name, string EnumValue, string Description, AggregateDimension Grouping);
