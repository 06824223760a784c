namespace DataHub.SyntheticData;

/// <summary>The kinds of discrepancy the generator injects, one per quality rule it can be measured against.</summary>
public static class DiscrepancyKinds
{
    public const string Population = "population";
    public const string CivilRegistration = "civil-registration";
    public const string HealthInsurance = "health-insurance";
    public const string Land = "land";
    public const string Welfare = "social-welfare";

    public static readonly DiscrepancyKind DeathDate = new("correct.death-date", CivilRegistration, "so-tu-phap",
        "the death registration's date of death moved away from the population's");

    public static readonly DiscrepancyKind DeadButAlive = new("live.dead-in-civil-registration-alive-in-population", Population, "cong-an",
        "the population's date of death removed; the death registration stays");

    public static readonly DiscrepancyKind CardAfterDeath = new("live.insurance-card-valid-after-death", HealthInsurance, "bhxh",
        "a card valid after the holder's death added");

    public static readonly DiscrepancyKind BenefitAfterDeath = new("live.benefit-paid-after-death", Welfare, "so-ldtbxh",
        "an approved monthly allowance for a dead beneficiary added");

    public static readonly DiscrepancyKind ChildWithoutCard = new("complete.child-under-6-without-insurance-card", HealthInsurance, "bhxh",
        "the child's free card deleted");

    public static readonly DiscrepancyKind DuplicateCard = new("clean.duplicate-insurance-card", HealthInsurance, "bhxh",
        "a second card for the same holder added");

    public static readonly DiscrepancyKind MissingIdCard = new("complete.citizen-14-without-id-card", Population, "cong-an",
        "the identity card removed");

    public static readonly DiscrepancyKind BirthParents = new("correct.birth-registration-parents", CivilRegistration, "so-tu-phap",
        "the birth registration's father and mother swapped");

    public static readonly DiscrepancyKind BirthWithoutCitizen = new("complete.birth-registration-without-citizen", CivilRegistration, "so-tu-phap",
        "the birth registration moved to a personal ID the population does not hold");

    public static readonly DiscrepancyKind InvalidHolderId = new("clean.invalid-personal-id", Land, "so-tnmt",
        "a land right's holder replaced by an ID that breaks the personal ID rules");

    public static readonly DiscrepancyKind OrphanLandRight = new("clean.land-right-holder-not-in-population", Land, "so-tnmt",
        "a land right's holder replaced by a well-formed ID the population does not hold");

    public static readonly DiscrepancyKind OrphanBenefitCase = new("clean.benefit-case-holder-not-in-population", Welfare, "so-ldtbxh",
        "a benefit case's beneficiary replaced by a well-formed ID the population does not hold");

    public static readonly DiscrepancyKind CardName = new("correct.insurance-card-name", HealthInsurance, "bhxh",
        "the card's holder name written without its diacritics");

    public static readonly DiscrepancyKind CardDateOfBirth = new("correct.insurance-card-date-of-birth", HealthInsurance, "bhxh",
        "the card's date of birth moved by some days");

    public static readonly DiscrepancyKind CardSex = new("correct.insurance-card-sex", HealthInsurance, "bhxh",
        "the card's sex turned to the other");

    public static readonly DiscrepancyKind CardNotUpdated = new("live.insurance-card-not-updated", HealthInsurance, "bhxh",
        "the card's last update moved back past the declared freshness window");

    /// <summary>In the order a citizen is offered to them: the first kind that draws a citizen damages it, no other does.</summary>
    public static IReadOnlyList<DiscrepancyKind> All { get; } =
    [
        DeathDate, DeadButAlive, CardAfterDeath, BenefitAfterDeath, ChildWithoutCard, DuplicateCard, MissingIdCard, BirthParents,
        BirthWithoutCitizen, InvalidHolderId, OrphanLandRight, OrphanBenefitCase, CardName, CardDateOfBirth, CardSex, CardNotUpdated,
    ];

    /// <summary>
    /// How long ago (at least) a <see cref="CardNotUpdated"/> card was last updated, in days before the demo's today: two
    /// years, past the 365-day window schema/quality-rules.json declares for health-insurance records.
    /// </summary>
    public const int NotUpdatedForDays = 730;
}
