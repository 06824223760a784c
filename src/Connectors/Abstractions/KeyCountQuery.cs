namespace DataHub.Connectors;

/// <summary>
/// How many of <see cref="Keys"/> have a <see cref="TypeName"/> in force on <see cref="InForceOn"/>; with
/// <see cref="RecordKeys"/>, also the sum of their record keys (<see cref="AggregateRow.KeySum"/>).
/// </summary>
public sealed record KeyCountQuery(string TypeName, IReadOnlyCollection<string> Keys, DateOnly InForceOn, RecordKeys? RecordKeys)
{
    /// <summary>The most keys one batch carries.</summary>
    public const int MaxKeys = 1_000;
}
