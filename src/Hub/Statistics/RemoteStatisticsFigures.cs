using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Figures the department services count themselves, over real HTTP, one call per figure: the civil registry's
/// GraphQL service (<c>birthRegistrationCounts</c>, <c>deathRegistrationCounts</c>) and Social Security's REST API
/// (<c>POST /aggregates/cards</c>). The hub protects their groups exactly as the SQL sources' (<see cref="CellProtection"/>);
/// records are keyed by the personal ID, so a person has the same record key here as in the population database.
/// </summary>
public static class RemoteStatisticsFigures
{
    public static IReadOnlyList<StatisticsFigure> All { get; } =
    [
        new("birthRegistrations", "civil-registration", "BirthRegistration",
            "Birth registrations (khai sinh), counted by the civil registry's own GraphQL service.",
        [
            new("birthMonth", "BIRTH_MONTH", "Month of birth, yyyy-MM.", new AggregateDimension("dateOfBirth", DimensionBucket.Month)),
            new("registeredMonth", "REGISTERED_MONTH", "Month the birth was registered, yyyy-MM.", new AggregateDimension("registeredOn", DimensionBucket.Month)),
            new("sex", "SEX", "The child's sex as on the birth certificate (MALE, FEMALE).", new AggregateDimension("sex")),
        ]),
        new("deathRegistrations", "civil-registration", "DeathRegistration",
            "Death registrations (khai tử), counted by the civil registry's own GraphQL service.",
        [
            new("deathMonth", "DEATH_MONTH", "Month of death, yyyy-MM.", new AggregateDimension("dateOfDeath", DimensionBucket.Month)),
            new("registeredMonth", "REGISTERED_MONTH", "Month the death was registered, yyyy-MM.", new AggregateDimension("registeredOn", DimensionBucket.Month)),
        ]),
        new("insuranceCards", "health-insurance", "InsuranceCard",
            "Health insurance cards (thẻ BHYT), counted by Social Security's own REST API.",
        [
            new("beneficiaryGroup", "BENEFICIARY_GROUP", "Who the card is for (đối tượng).", new AggregateDimension("beneficiaryGroup")),
            new("benefitLevel", "BENEFIT_LEVEL", "Mức hưởng, 1 to 5.", new AggregateDimension("benefitLevel")),
            new("stateFunded", "STATE_FUNDED", "Whether the state budget pays the contribution (true, false).", new AggregateDimension("stateFunded")),
            new("sex", "SEX", "The holder's sex as on the card (MALE, FEMALE).", new AggregateDimension("sex")),
        ]),
    ];
}
