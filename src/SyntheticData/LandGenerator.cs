using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

public enum LandUseType
{
    Residential,
    Rice,
    AnnualCrop,
    PerennialCrop,
    Aquaculture,
    Forest,
}

public enum LandAcquisition
{
    Allocated,
    Transferred,
    Inherited,
    Gifted,
    Leased,
}

public enum LandRightStatus
{
    Active,
    Cancelled,
}

public sealed record LandParcel(
    string ParcelId,
    string Province,
    string Commune,
    string Address,
    int MapSheetNumber,
    int ParcelNumber,
    double AreaM2,
    LandUseType LandUseType,
    string LandUseTerm);

public sealed record LandUseRight(
    string RightId,
    string ParcelId,
    PersonalId HolderId,
    string CertificateNumber,
    DateOnly IssuedOn,
    double SharePercent,
    LandAcquisition Acquisition,
    LandRightStatus Status);

/// <summary>A household's parcels and every right (active or cancelled) on them.</summary>
public sealed record LandHolding(IReadOnlyList<LandParcel> Parcels, IReadOnlyList<LandUseRight> Rights);

/// <summary>
/// Land records for the generated households: about 70% hold 1–3 parcels in their own commune, each with one or
/// two active rights held by living adult members (shares add up to 100). Where a member has died, the first parcel
/// sometimes shows the late member's cancelled right and the heirs' inherited ones.
/// </summary>
/// <remarks>
/// Stateful: feed it the households of one <see cref="PopulationGenerator.Generate"/> pass in order. It draws from
/// its own random stream, so the population is the same whether or not land is generated.
/// </remarks>
public sealed class LandGenerator(SeedOptions options)
{
    private const string ResidentialTerm = "Lâu dài";

    // Agricultural land allocated to households runs to the end of the current 50-year term.
    private const string AgriculturalTerm = "Đến 2064-12-31";

    private static readonly DateOnly _yesterday = DemoCalendar.Today.AddDays(-1);

    // Certificates under the 1993 Land Law and later.
    private static readonly DateOnly _firstCertificates = new(1994, 1, 1);

    private static readonly Weighted<LandUseType> _farmTypes = new(
        (LandUseType.Rice, 55), (LandUseType.AnnualCrop, 20), (LandUseType.PerennialCrop, 12),
        (LandUseType.Aquaculture, 11), (LandUseType.Forest, 2));

    private static readonly Weighted<LandAcquisition> _residentialAcquisitions = new(
        (LandAcquisition.Transferred, 45), (LandAcquisition.Allocated, 25), (LandAcquisition.Inherited, 15),
        (LandAcquisition.Gifted, 15));

    private static readonly Weighted<LandAcquisition> _farmAcquisitions = new(
        (LandAcquisition.Allocated, 70), (LandAcquisition.Transferred, 10), (LandAcquisition.Leased, 10),
        (LandAcquisition.Inherited, 5), (LandAcquisition.Gifted, 5));

    private const string SeriesSecondLetters = "ABCDEGHKLMNPQRSTUVXY";

    private readonly DemoRandom _random = new(options.RandomSeed, stream: 2);
    private readonly Dictionary<string, int> _parcelsPerCommune = new(StringComparer.Ordinal);
    private int _parcels;
    private int _rights;
    private int _certificates;

    public LandHolding ForHousehold(Household household)
    {
        ArgumentNullException.ThrowIfNull(household);
        if (!_random.Chance(0.7))
        {
            return new LandHolding([], []);
        }

        var adults = household.Members.Where(m => m.IsAlive && m.Age >= 18).ToList();
        var head = household.Head;
        var spouse = household.Find(head.SpouseId) is { IsAlive: true } s ? s : null;
        var late = household.Members.FirstOrDefault(m => !m.IsAlive && DemoCalendar.AgeOn(m.DateOfBirth, m.DateOfDeath!.Value) >= 30);

        var count = _random.Chance(0.5) ? 1 : _random.Chance(0.7) ? 2 : 3;
        var parcels = new List<LandParcel>(count);
        var rights = new List<LandUseRight>(count * 2);
        for (var i = 0; i < count; i++)
        {
            // The home plot first; rural households also farm, urban ones mostly own another house plot.
            var type = i == 0 || (household.Commune.IsWard && _random.Chance(0.7)) ? LandUseType.Residential : _farmTypes.Draw(_random);
            var parcel = NewParcel(household, type, i == 0);
            parcels.Add(parcel);

            List<Citizen> holders = spouse is not null && _random.Chance(0.6) ? [head, spouse] : [head];
            var acquisition = (type == LandUseType.Residential ? _residentialAcquisitions : _farmAcquisitions).Draw(_random);
            if (i > 0 && _random.Chance(0.1) && adults.FirstOrDefault(a => a.FatherId == head.Id || a.MotherId == head.Id) is { } child)
            {
                // Parents sometimes give a plot to a grown-up child.
                holders = [child];
                acquisition = LandAcquisition.Gifted;
            }

            var earliest = Max(_firstCertificates, holders.Max(h => h.DateOfBirth.AddYears(18)));
            if (i == 0 && late is not null && _random.Chance(0.6) && TryAddInheritance(parcel, late, earliest, holders, rights))
            {
                continue;
            }

            AddActiveRights(parcel, holders, acquisition, _random.Between(Min(earliest, _yesterday), _yesterday), rights);
        }

        return new LandHolding(parcels, rights);
    }

    /// <summary>The late member's cancelled right, then the heirs' inherited rights after the death.</summary>
    private bool TryAddInheritance(LandParcel parcel, Citizen late, DateOnly heirsEarliest, List<Citizen> heirs, List<LandUseRight> rights)
    {
        var death = late.DateOfDeath!.Value;
        var lateFrom = Max(_firstCertificates, late.DateOfBirth.AddYears(18));
        var lateTo = death.AddDays(-1);
        var heirsFrom = Max(heirsEarliest, death.AddDays(30));
        if (lateFrom > lateTo || heirsFrom > _yesterday)
        {
            return false;
        }

        var lateIssued = _random.Between(lateFrom, lateTo);
        rights.Add(new LandUseRight(
            NextRightId(), parcel.ParcelId, late.Id, NextCertificate(lateIssued), lateIssued, 100,
            LandAcquisition.Allocated, LandRightStatus.Cancelled));
        AddActiveRights(parcel, heirs, LandAcquisition.Inherited, _random.Between(heirsFrom, _yesterday), rights);
        return true;
    }

    /// <summary>One certificate for the parcel naming every holder; shares add up to exactly 100.</summary>
    private void AddActiveRights(LandParcel parcel, List<Citizen> holders, LandAcquisition acquisition, DateOnly issuedOn, List<LandUseRight> rights)
    {
        var certificate = NextCertificate(issuedOn);
        var firstShare = holders.Count == 1 ? 100.0 : _random.Chance(0.8) ? 50.0 : 60.0;
        for (var i = 0; i < holders.Count; i++)
        {
            rights.Add(new LandUseRight(
                NextRightId(), parcel.ParcelId, holders[i].Id, certificate, issuedOn, i == 0 ? firstShare : 100.0 - firstShare,
                acquisition, LandRightStatus.Active));
        }
    }

    private LandParcel NewParcel(Household household, LandUseType type, bool isHomePlot)
    {
        _parcels++;

        // Parcels are numbered per commune, 300 to a cadastral map sheet.
        var commune = household.Commune;
        _parcelsPerCommune.TryGetValue(commune.Name, out var inCommune);
        _parcelsPerCommune[commune.Name] = inCommune + 1;

        var area = type switch
        {
            LandUseType.Residential => commune.IsWard ? 40 + (_random.NextDouble() * 160) : 100 + (_random.NextDouble() * 400),
            LandUseType.Rice => 360 * (1 + _random.Next(8)) * (0.9 + (_random.NextDouble() * 0.2)), // in sào of 360 m²
            LandUseType.AnnualCrop => 200 + (_random.NextDouble() * 1800),
            LandUseType.PerennialCrop => 300 + (_random.NextDouble() * 2700),
            LandUseType.Aquaculture => 500 + (_random.NextDouble() * 4500),
            _ => 2000 + (_random.NextDouble() * 18000),
        };
        var address = isHomePlot ? household.Address
            : type == LandUseType.Residential ? Communes.DrawAddress(_random, commune)
            : Communes.DrawFieldAddress(_random, commune);
        return new LandParcel(
            string.Create(CultureInfo.InvariantCulture, $"TD-{commune.Province.Code}-{_parcels:D8}"),
            commune.Province.Name,
            commune.Name,
            address,
            1 + (inCommune / 300),
            1 + (inCommune % 300),
            Math.Round(area, 1),
            type,
            type == LandUseType.Residential ? ResidentialTerm : AgriculturalTerm);
    }

    private string NextRightId() =>
        string.Create(CultureInfo.InvariantCulture, $"QSD-{Communes.HomeProvinceCode}-{++_rights:D8}");

    /// <summary>Like 'CS 123456': the series' first letter follows the era of issue, the number is unique.</summary>
    private string NextCertificate(DateOnly issuedOn)
    {
        var first = issuedOn.Year switch { < 2010 => 'A', < 2017 => 'B', < 2023 => 'C', _ => 'D' };
        var second = SeriesSecondLetters[_random.Next(SeriesSecondLetters.Length)];
        var number = (_certificates++ * 386_093L + 52_361) % 1_000_000;
        return string.Create(CultureInfo.InvariantCulture, $"{first}{second} {number:D6}");
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
