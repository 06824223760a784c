namespace DataHub.Connectors.Sql;

/// <summary>What one group returns.</summary>
internal interface IGroupResult
{
    long Count { get; }

    double? Sum { get; }

    long? KeySum { get; }

    object? Key(int index);
}
