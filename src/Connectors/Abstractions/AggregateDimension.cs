namespace DataHub.Connectors;

/// <summary>
/// One grouping dimension: a field's value, or a bucket of it (its year, its month, an age band of a date of birth).
/// <see cref="Through"/> names a reference field whose target holds <see cref="Field"/> (a citizen's commune is its
/// household's), joined in the source.
/// </summary>
public sealed record AggregateDimension(string Field, DimensionBucket Bucket = DimensionBucket.Value, string? Through = null)
{
    /// <summary>Lower bounds of the age bands in years, ascending, starting at 0 (<see cref="DimensionBucket.AgeBand"/>).</summary>
    public IReadOnlyList<int> AgeBands { get; init; } = [];
}
