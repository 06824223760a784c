namespace DataHub.SyntheticData;

/// <summary>What to generate. The same options always produce the same rows.</summary>
public sealed record SeedOptions(int Citizens = 10_000, int RandomSeed = 20261125)
{
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Citizens, 1, nameof(Citizens));
    }
}

/// <summary>Progress of one stage: "citizens", "land", "welfare" or "indexes".</summary>
public sealed record SeedProgress(string Stage, long Done, long Total);

public sealed record SeedSummary(int Citizens, int Households, int LandParcels, int LandUseRights, int BenefitCases, TimeSpan Elapsed);
