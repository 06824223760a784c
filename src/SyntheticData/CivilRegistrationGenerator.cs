using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>
/// A birth registration (đăng ký khai sinh); every citizen of the population has one. It carries what a birth
/// certificate carries (the child's name, date of birth and sex, the parents), so the police can create the child's record.
/// </summary>
public sealed record BirthRegistration(
    string RegistrationNumber,
    PersonalId ChildId,
    PersonalId? FatherId,
    PersonalId? MotherId,
    string Place,
    DateOnly RegisteredOn,
    string ChildFullName,
    DateOnly DateOfBirth,
    Sex Sex);

/// <summary>A death registration (đăng ký khai tử) of a citizen whose date of death is in population.</summary>
public sealed record DeathRegistration(
    string RegistrationNumber,
    PersonalId DeceasedId,
    DateOnly DateOfDeath,
    string Place,
    DateOnly RegisteredOn);

/// <summary>A marriage registration (đăng ký kết hôn) of a couple whose spouse links are in population.</summary>
public sealed record MarriageRegistration(
    string RegistrationNumber,
    PersonalId HusbandId,
    PersonalId WifeId,
    string Place,
    DateOnly RegisteredOn);

/// <summary>One household's civil-registration events.</summary>
public sealed record CivilRecords(
    IReadOnlyList<BirthRegistration> Births,
    IReadOnlyList<DeathRegistration> Deaths,
    IReadOnlyList<MarriageRegistration> Marriages);

/// <summary>
/// The civil registry (hộ tịch) of the Department of Justice, consistent with population: every citizen has a birth
/// registration at their <see cref="Citizen.BirthRegistrationPlace"/> naming the parents population knows; every dead
/// citizen a death registration with the same date of death; every couple linked as spouses a marriage registration
/// dated after both came of age (20 for men, 18 for women) and before their first child was born.
/// </summary>
/// <remarks>Stateful like <see cref="LandGenerator"/>: feed it the households of one pass in order.</remarks>
public sealed class CivilRegistrationGenerator(SeedOptions options)
{
    private static readonly DateOnly _yesterday = DemoCalendar.Today.AddDays(-1);

    private readonly DemoRandom _random = new(options.RandomSeed, stream: 4);
    private int _births;
    private int _deaths;
    private int _marriages;

    public CivilRecords ForHousehold(Household household)
    {
        ArgumentNullException.ThrowIfNull(household);
        var births = new List<BirthRegistration>(household.Members.Count);
        var deaths = new List<DeathRegistration>();
        var marriages = new List<MarriageRegistration>();
        foreach (var member in household.Members)
        {
            // Births are registered within 60 days (Law on Civil Status, art. 15).
            var registered = Min(member.DateOfBirth.AddDays(1 + _random.Next(60)), _yesterday);
            births.Add(new BirthRegistration(
                Number("KS", registered, ++_births), member.Id, member.FatherId, member.MotherId, member.BirthRegistrationPlace,
                Max(registered, member.DateOfBirth), member.FullName, member.DateOfBirth, member.Sex));

            if (member.DateOfDeath is { } died)
            {
                // Deaths are registered within 15 days, where the person lived.
                var on = Min(died.AddDays(1 + _random.Next(15)), _yesterday);
                deaths.Add(new DeathRegistration(Number("KT", on, ++_deaths), member.Id, died, household.Commune.FullName, Max(on, died)));
            }

            if (member.Sex == Sex.Male && household.Find(member.SpouseId) is { } wife)
            {
                marriages.Add(Marriage(household, member, wife));
            }
        }

        return new CivilRecords(births, deaths, marriages);
    }

    private MarriageRegistration Marriage(Household household, Citizen husband, Citizen wife)
    {
        var earliest = Max(husband.DateOfBirth.AddYears(20), wife.DateOfBirth.AddYears(18));
        var latest = _yesterday;
        foreach (var member in household.Members)
        {
            if (member.FatherId == husband.Id || member.MotherId == wife.Id)
            {
                latest = Min(latest, member.DateOfBirth.AddDays(-90));
            }
        }

        latest = Min(latest, Min(husband.DateOfDeath ?? _yesterday, wife.DateOfDeath ?? _yesterday));

        // Most couples register within a few years of coming of age; the window never opens before it.
        latest = Min(latest, earliest.AddYears(12));
        var on = latest < earliest ? Min(earliest, _yesterday) : _random.Between(earliest, latest);
        return new MarriageRegistration(Number("KH", on, ++_marriages), husband.Id, wife.Id, household.Commune.FullName, on);
    }

    /// <summary>"KS-2019-0000123": the book (KS birth, KT death, KH marriage), the year, a running number.</summary>
    private static string Number(string book, DateOnly on, int serial) =>
        string.Create(CultureInfo.InvariantCulture, $"{book}-{on.Year}-{serial:D7}");

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
