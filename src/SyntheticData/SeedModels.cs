namespace DataHub.SyntheticData;

/// <summary>
/// What to generate. The same options always produce the same rows. <see cref="DiscrepancyRate"/> is the share of the
/// eligible records of each kind of discrepancy that are damaged on purpose (0: consistent data; see
/// <see cref="DiscrepancyPlan"/>), recorded in a manifest so data-quality rules can be measured against it.
/// </summary>
public sealed record SeedOptions(int Citizens = 10_000, int RandomSeed = 20261125, double DiscrepancyRate = 0)
{
    /// <summary>The highest discrepancy rate accepted: beyond it the damage would no longer be the exception.</summary>
    public const double MaxDiscrepancyRate = 0.2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Citizens, 1, nameof(Citizens));
        if (!(DiscrepancyRate is >= 0 and <= MaxDiscrepancyRate))
        {
            throw new ArgumentOutOfRangeException(nameof(DiscrepancyRate), DiscrepancyRate, $"A discrepancy rate is between 0 and {MaxDiscrepancyRate}.");
        }
    }
}

/// <summary>Progress of one stage: "citizens", "land", "welfare" or "indexes".</summary>
public sealed record SeedProgress(string Stage, long Done, long Total);

public sealed record SeedSummary(int Citizens, int Households, int LandParcels, int LandUseRights, int BenefitCases, TimeSpan Elapsed)
{
    /// <summary>Records damaged on purpose, as listed in the manifest.</summary>
    public int Discrepancies { get; init; }
}
