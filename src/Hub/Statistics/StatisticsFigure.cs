namespace DataHub.Hub.Statistics;

/// <summary>
/// A figure of the statistics part of the composite schema: the entities of one source counted (and one field summed),
/// grouped by the dimensions it offers. Its grant name is <c>Statistics.&lt;name&gt;</c>, each dimension's
/// <c>Statistics.&lt;name&gt;.&lt;dimension&gt;</c>.
/// </summary>
public sealed record StatisticsFigure(
    string Name, string Source, string Entity, string Description, IReadOnlyList<StatisticsDimension> Dimensions,
    string? SumField = null, string? SumDescription = null)
{
    /// <summary>The first part of the name of a source that lives in the hub (<see cref="IHubFigureSource"/>).</summary>
    public const string HubSourcePrefix = "hub:";

    /// <summary>Counted in the hub's own store rather than through a connector; such a figure takes no <c>where</c>.</summary>
    public bool InHub => Source.StartsWith(HubSourcePrefix, StringComparison.Ordinal);

    public string GrantName => $"{StatisticsFigures.TypeName}.{Name}";

    public string DimensionGrant(string dimensionOrField) => $"{GrantName}.{dimensionOrField}";

    public StatisticsDimension? Dimension(string name) => Dimensions.FirstOrDefault(d => d.Name == name || d.EnumValue == name);
}
