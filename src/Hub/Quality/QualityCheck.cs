namespace DataHub.Hub.Quality;

/// <summary>
/// The comparison a rule makes, on the record <c>source:Type.field</c>: for <c>Citizen</c>, a field read for a batch of
/// citizens; otherwise the type's records read in key order, <see cref="Field"/> naming the personal ID they carry.
/// </summary>
public sealed record QualityCheck(
    string Kind,
    string Source,
    string Type,
    string Field,
    IReadOnlyDictionary<string, string> Fields,
    bool? Alive,
    int? AgeBelow,
    int? AgeAtLeast,
    string? Until,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Where,
    bool MatchBirth,
    int GraceDays,
    Freshness? Freshness = null)
{
    public const string Differs = "differs";
    public const string Missing = "missing";
    public const string Duplicate = "duplicate";
    public const string DeadElsewhere = "dead-elsewhere";
    public const string AfterDeath = "after-death";
    public const string InvalidPersonalId = "invalid-personal-id";
    public const string NotInPopulation = "not-in-population";
    public const string Stale = "stale";

    public static IReadOnlySet<string> Kinds { get; } =
        new HashSet<string> { Differs, Missing, Duplicate, DeadElsewhere, AfterDeath, InvalidPersonalId, NotInPopulation, Stale };

    /// <summary>Whether the rule must know who died (population's date of death or a death registration).</summary>
    public bool NeedsDeaths => Kind is AfterDeath || Alive is not null;
}
