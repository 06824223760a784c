using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// The figures the hub publishes, each counted in its own source. Adding one is a line here (and a grant); a report form
/// (schema/forms) picks figures and dimensions without code.
/// </summary>
public static class StatisticsFigures
{
    /// <summary>The type of the statistics part, and the first part of every statistics grant name.</summary>
    public const string TypeName = "Statistics";

    /// <summary>Age bands of the forms (years): under 6, 6–13, 14–17, 18–59, 60 and over.</summary>
    public static readonly IReadOnlyList<int> AgeBands = [0, 6, 14, 18, 60];

    public static IReadOnlyList<StatisticsFigure> All { get; } =
    [
        .. RemoteStatisticsFigures.All,
        .. ComposedStatisticsFigures.All,
        new("population", "population", "Citizen", "Citizens in the population database (dân số), counted there.",
        [
            new("commune", "COMMUNE", "The commune (xã, phường) of the citizen's household.", new AggregateDimension("commune", Through: "household")),
            new("ageBand", "AGE_BAND", "Age band today: 0-5, 6-13, 14-17, 18-59, 60+.",
                new AggregateDimension("dateOfBirth", DimensionBucket.AgeBand) { AgeBands = AgeBands }),
            new("sex", "SEX", "Sex (MALE, FEMALE).", new AggregateDimension("sex")),
            new("ethnicity", "ETHNICITY", "Ethnic group (dân tộc).", new AggregateDimension("ethnicity")),
            new("electronicIdLevel", "ELECTRONIC_ID_LEVEL", "Electronic-ID level: 1, 2, or none.", new AggregateDimension("electronicIdLevel")),
            new("hasIdCard", "HAS_ID_CARD", "Whether the citizen holds a chip identity card (true, false).",
                new AggregateDimension("idCard.number", DimensionBucket.Present)),
            new("birthMonth", "BIRTH_MONTH", "Month of birth, yyyy-MM.", new AggregateDimension("dateOfBirth", DimensionBucket.Month)),
            new("deathMonth", "DEATH_MONTH", "Month of death, yyyy-MM (none for the living).", new AggregateDimension("dateOfDeath", DimensionBucket.Month)),
        ]),
        new("landParcels", "land", "LandParcel", "Land parcels in the land register (đất đai), counted there; the sum is the area in m².",
        [
            new("landUseType", "LAND_USE_TYPE", "Land use type.", new AggregateDimension("landUseType")),
            new("commune", "COMMUNE", "The parcel's commune.", new AggregateDimension("commune")),
        ], "areaM2", "Total area, m²."),
        new("benefitCases", "social-welfare", "BenefitCase", "Social benefit cases (bảo trợ xã hội), counted in the welfare database; the sum is the amount in VND.",
        [
            new("benefitType", "BENEFIT_TYPE", "Benefit type.", new AggregateDimension("benefitType")),
            new("status", "STATUS", "Case status.", new AggregateDimension("status")),
            new("commune", "COMMUNE", "The case's commune.", new AggregateDimension("commune")),
            new("openedMonth", "OPENED_MONTH", "Month the case was opened, yyyy-MM.", new AggregateDimension("openedOn", DimensionBucket.Month)),
        ], "amountVnd", "Total amount, VND."),
        .. HubFigures.All,
    ];

    public static StatisticsFigure? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>Every name a statistics grant can carry: each figure, and each of its dimensions.</summary>
    public static IEnumerable<string> GrantNames(Composition.CompositeSchema composite) =>
        All.SelectMany(f => new[] { f.GrantName }
            .Concat(f.Dimensions.Select(d => f.DimensionGrant(d.Name)))
            .Concat(composite.Types.TryGetValue(f.Entity, out var entity)
                ? entity.Fields.Where(x => x.Kind == Composition.FieldKind.Value && !x.Type.IsList && x.OwnerSource == f.Source)
                    .Select(x => f.DimensionGrant(x.Name))
                : []))
        .Distinct();
}
