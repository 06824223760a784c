using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

public enum BenefitType
{
    FuneralAllowance,
    SocialPension,
    DisabilityAllowance,
    PoorHouseholdSupport,
    ChildNutrition,
}

public enum BenefitStatus
{
    Pending,
    Approved,
    Rejected,
    Paid,
    Closed,
}

/// <summary>A social-welfare case; <see cref="DeceasedId"/> is set for funeral allowances only.</summary>
public sealed record BenefitCase(
    string CaseId,
    PersonalId BeneficiaryId,
    BenefitType BenefitType,
    BenefitStatus Status,
    long AmountVnd,
    DateOnly OpenedOn,
    DateOnly? DecidedOn,
    string Commune,
    PersonalId? DeceasedId);

/// <summary>
/// Benefit cases of the Department of Labour, Invalids and Social Affairs: funeral allowances claimed by a living
/// spouse or adult child of a dead citizen, social pensions for people aged 80 or more (closed when they died),
/// child nutrition support for under-sixes, disability allowances and poor-household support.
/// </summary>
/// <remarks>Stateful like <see cref="LandGenerator"/>: feed it the households of one pass in order.</remarks>
public sealed class WelfareGenerator(SeedOptions options)
{
    private static readonly DateOnly _today = DemoCalendar.Today;
    private static readonly DateOnly _yesterday = DemoCalendar.Today.AddDays(-1);

    // Ongoing monthly allowances stay APPROVED; one-off payments end up PAID.
    private static readonly Weighted<BenefitStatus> _oneOffOutcomes = new(
        (BenefitStatus.Paid, 78), (BenefitStatus.Approved, 10), (BenefitStatus.Rejected, 8), (BenefitStatus.Pending, 4));

    private static readonly Weighted<BenefitStatus> _monthlyOutcomes = new(
        (BenefitStatus.Approved, 80), (BenefitStatus.Rejected, 8), (BenefitStatus.Closed, 8), (BenefitStatus.Pending, 4));

    private readonly DemoRandom _random = new(options.RandomSeed, stream: 3);
    private int _cases;

    public IReadOnlyList<BenefitCase> ForHousehold(Household household)
    {
        ArgumentNullException.ThrowIfNull(household);
        var cases = new List<BenefitCase>();
        foreach (var member in household.Members)
        {
            if (!member.IsAlive)
            {
                AddFuneralAllowance(household, member, cases);
                AddClosedPension(household, member, cases);
                continue;
            }

            var age = member.Age;
            if (age >= 80 && _random.Chance(0.6))
            {
                var opened = OpenedSince(Max(member.DateOfBirth.AddYears(80), new DateOnly(2010, 1, 1)));
                cases.Add(NewCase(member.Id, BenefitType.SocialPension, opened, _monthlyOutcomes, household, null, BaseLevel(opened) * 3 / 2));
            }

            if (age < 6 && _random.Chance(0.12))
            {
                var opened = OpenedSince(member.DateOfBirth.AddDays(30));
                cases.Add(NewCase(member.Id, BenefitType.ChildNutrition, opened, _monthlyOutcomes, household, null, BaseLevel(opened)));
            }

            if (_random.Chance(0.012))
            {
                var opened = OpenedSince(Max(member.DateOfBirth.AddYears(1), new DateOnly(2012, 1, 1)));
                cases.Add(NewCase(member.Id, BenefitType.DisabilityAllowance, opened, _monthlyOutcomes, household, null, BaseLevel(opened) * 2));
            }
        }

        if (_random.Chance(0.03))
        {
            var opened = OpenedSince(_today.AddYears(-3));
            cases.Add(NewCase(household.Head.Id, BenefitType.PoorHouseholdSupport, opened, _oneOffOutcomes, household, null, 1_500_000));
        }

        return cases;
    }

    /// <summary>Half of the deaths with a living spouse or adult child lead to a funeral allowance claim by them.</summary>
    private void AddFuneralAllowance(Household household, Citizen dead, List<BenefitCase> cases)
    {
        var claimant = household.Find(dead.SpouseId) is { IsAlive: true } spouse
            ? spouse
            : household.Members.FirstOrDefault(m => m.IsAlive && m.Age >= 18 && (m.FatherId == dead.Id || m.MotherId == dead.Id));
        if (claimant is null || !_random.Chance(0.5))
        {
            return;
        }

        var opened = Min(dead.DateOfDeath!.Value.AddDays(3 + _random.Next(58)), _yesterday);
        cases.Add(NewCase(claimant.Id, BenefitType.FuneralAllowance, opened, _oneOffOutcomes, household, dead.Id, BaseLevel(opened) * 20));
    }

    /// <summary>A pension paid until the beneficiary died is closed.</summary>
    private void AddClosedPension(Household household, Citizen dead, List<BenefitCase> cases)
    {
        var death = dead.DateOfDeath!.Value;
        var from = Max(dead.DateOfBirth.AddYears(80), new DateOnly(2010, 1, 1));
        var to = death.AddDays(-45);
        if (from > to || !_random.Chance(0.5))
        {
            return;
        }

        var opened = _random.Between(from, to);
        cases.Add(new BenefitCase(
            NextCaseId(), dead.Id, BenefitType.SocialPension, BenefitStatus.Closed, BaseLevel(opened) * 3 / 2, opened,
            opened.AddDays(5 + _random.Next(40)), household.Commune.Name, null));
    }

    private BenefitCase NewCase(
        PersonalId beneficiary, BenefitType type, DateOnly opened, Weighted<BenefitStatus> outcomes, Household household, PersonalId? deceased, long amount)
    {
        // Cases opened in the last 30 days are still being processed.
        var status = opened > _today.AddDays(-30) ? BenefitStatus.Pending : outcomes.Draw(_random);
        DateOnly? decided = status == BenefitStatus.Pending ? null : Min(opened.AddDays(5 + _random.Next(40)), _yesterday);
        return new BenefitCase(NextCaseId(), beneficiary, type, status, amount, opened, decided, household.Commune.Name, deceased);
    }

    /// <summary>A day between <paramref name="earliest"/> (or yesterday, if later) and yesterday.</summary>
    private DateOnly OpenedSince(DateOnly earliest) => _random.Between(Min(earliest, _yesterday), _yesterday);

    private string NextCaseId() => string.Create(CultureInfo.InvariantCulture, $"TC-{Communes.HomeProvinceCode}-{++_cases:D8}");

    /// <summary>The social assistance standard (mức chuẩn trợ giúp xã hội) in force on a date, in VND per month.</summary>
    private static long BaseLevel(DateOnly on) =>
        on < new DateOnly(2021, 7, 1) ? 270_000 : on < new DateOnly(2024, 7, 1) ? 360_000 : 500_000;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
