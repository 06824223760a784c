using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>Who a health insurance card is for, which sets its benefit level and who pays the contribution.</summary>
public enum BeneficiaryGroup
{
    /// <summary>TE: a child under 6, free of charge (state budget), 100% of costs.</summary>
    ChildUnder6,

    /// <summary>HS: a pupil or student, part-funded by the state.</summary>
    Student,

    /// <summary>DN: an employee, paid through the employer.</summary>
    Employee,

    /// <summary>HT: a pensioner, paid by the social insurance fund.</summary>
    Pensioner,

    /// <summary>BT: social protection (aged 80+ with a social pension), paid by the state budget.</summary>
    SocialProtection,

    /// <summary>GD: insured by household (hộ gia đình), self-paid.</summary>
    Household,
}

/// <summary>
/// A health insurance card (thẻ BHYT) of the Provincial Social Security: printed with the holder's name, date of birth
/// and sex as on a real card, and the day Social Security last updated the record (checked against population yearly).
/// </summary>
public sealed record InsuranceCard(
    string CardNumber,
    PersonalId HolderId,
    string HolderName,
    DateOnly HolderDateOfBirth,
    Sex HolderSex,
    BeneficiaryGroup Group,
    int BenefitLevel,
    bool StateFunded,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    string HospitalCode,
    string Hospital,
    DateOnly UpdatedOn);

/// <summary>
/// Health insurance cards for the living citizens of population: every child under 6 holds a valid, free card
/// (valid from birth to the day before the sixth birthday); about 93% of everyone else holds a card by their group,
/// most of them valid today, some lapsed. The card number is the group code, the benefit level, the province and the
/// 10-digit social insurance number, as printed on the card (e.g. TE1272712345678).
/// </summary>
/// <remarks>Stateful like <see cref="LandGenerator"/>: feed it the households of one pass in order.</remarks>
public sealed class HealthInsuranceGenerator(SeedOptions options)
{
    private static readonly DateOnly _today = DemoCalendar.Today;

    private static readonly (string Code, string Name)[] _hospitals =
    [
        ("27001", "Bệnh viện Đa khoa tỉnh Bắc Ninh"),
        ("27002", "Bệnh viện Đa khoa Kinh Bắc"),
        ("27010", "Trung tâm Y tế thị xã Từ Sơn"),
        ("27011", "Trung tâm Y tế huyện Tiên Du"),
        ("27012", "Trung tâm Y tế huyện Yên Phong"),
        ("27013", "Trung tâm Y tế thị xã Quế Võ"),
    ];

    private static readonly (string Code, string Name) _childrensHospital = ("27003", "Bệnh viện Sản - Nhi Bắc Ninh");

    private static readonly HashSet<string> _employedJobs =
    [
        "Công nhân", "Nhân viên văn phòng", "Kỹ sư", "Giáo viên", "Công chức", "Bác sĩ", "Điều dưỡng", "Lái xe",
    ];

    private readonly DemoRandom _random = new(options.RandomSeed, stream: 5);
    private int _cards;

    public IReadOnlyList<InsuranceCard> ForHousehold(Household household)
    {
        ArgumentNullException.ThrowIfNull(household);
        var cards = new List<InsuranceCard>();
        foreach (var member in household.Members.Where(m => m.IsAlive))
        {
            var age = member.Age;
            if (age < 6)
            {
                var hospital = _random.Chance(0.5) ? _childrensHospital : _random.Pick(_hospitals);
                cards.Add(Card(member, BeneficiaryGroup.ChildUnder6, 1, true, member.DateOfBirth, member.DateOfBirth.AddYears(6).AddDays(-1), hospital));
                continue;
            }

            if (!_random.Chance(0.93))
            {
                continue;
            }

            var (group, level, stateFunded) = age switch
            {
                < 18 => (BeneficiaryGroup.Student, 4, false),
                >= 80 => (BeneficiaryGroup.SocialProtection, 2, true),
                _ when member.Occupation == "Nghỉ hưu" => (BeneficiaryGroup.Pensioner, 2, false),
                _ when member.Occupation is { } job && _employedJobs.Contains(job) => (BeneficiaryGroup.Employee, 4, false),
                _ => (BeneficiaryGroup.Household, 4, false),
            };

            // Cards run for a year; about one in twenty has lapsed (not renewed yet).
            var lapsed = _random.Chance(0.05);
            var validFrom = lapsed
                ? _today.AddYears(-1).AddDays(-1 - _random.Next(300))
                : _today.AddDays(-_random.Next(365));
            cards.Add(Card(member, group, level, stateFunded, validFrom, validFrom.AddYears(1).AddDays(-1), _random.Pick(_hospitals)));
        }

        return cards;
    }

    private InsuranceCard Card(
        Citizen holder, BeneficiaryGroup group, int level, bool stateFunded, DateOnly from, DateOnly? to, (string Code, string Name) hospital)
    {
        // The social insurance number (mã số BHXH): province 27 and a permuted counter, unique per holder.
        var socialInsuranceNumber = string.Create(CultureInfo.InvariantCulture, $"27{(++_cards * 48_271L + 12_345) % 100_000_000:D8}");
        var number = string.Create(CultureInfo.InvariantCulture, $"{GroupCode(group)}{level}27{socialInsuranceNumber}");

        // Updated when issued or renewed, and at the yearly check against population since: always within the last
        // MaxUpdateAgeDays (derived from the counter, not drawn, so the cards' other values stay as they were).
        var updatedOn = from >= _today.AddDays(-MaxUpdateAgeDays) ? from : _today.AddDays(-(int)(_cards * 7_919L % MaxUpdateAgeDays));
        return new InsuranceCard(number, holder.Id, holder.FullName, holder.DateOfBirth, holder.Sex, group, level, stateFunded, from, to,
            hospital.Code, hospital.Name, updatedOn);
    }

    /// <summary>The oldest a generated card's last update is, in days before the demo's today (well inside the declared window).</summary>
    public const int MaxUpdateAgeDays = 300;

    /// <summary>The sex as the card prints it (giới tính).</summary>
    public static string SexCode(Sex sex) => sex == Sex.Female ? "Nữ" : "Nam";

    /// <summary>The two-letter code printed on the card.</summary>
    public static string GroupCode(BeneficiaryGroup group) => group switch
    {
        BeneficiaryGroup.ChildUnder6 => "TE",
        BeneficiaryGroup.Student => "HS",
        BeneficiaryGroup.Employee => "DN",
        BeneficiaryGroup.Pensioner => "HT",
        BeneficiaryGroup.SocialProtection => "BT",
        _ => "GD",
    };
}
