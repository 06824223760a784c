using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>
/// Generates the demo population household by household, deterministically from <see cref="SeedOptions"/>.
/// Each call to <see cref="Generate"/> starts from the seed again, so a department service (civil registration,
/// health insurance, …) can regenerate exactly the citizens that are in population.db without reading it.
/// </summary>
/// <remarks>
/// A household is first planned (roles, sexes, dates of birth, deaths) and only then turned into citizens, so a
/// plan that would overshoot the requested number of citizens can be swapped for a one-person household without
/// disturbing the ID serial counters. Family links never leave a household: children's father/mother, spouses,
/// and the head's widowed parent all live (or lived) in it.
/// </remarks>
public sealed class PopulationGenerator
{
    /// <summary>Bumped whenever the same options would produce different rows.</summary>
    public const string Version = "2";

    private readonly SeedOptions _options;

    public PopulationGenerator(SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Yields households in a fixed order; their members add up to exactly <see cref="SeedOptions.Citizens"/>.</summary>
    public IEnumerable<Household> Generate()
    {
        var run = new Run(_options);
        while (run.Remaining > 0)
        {
            yield return run.NextHousehold();
        }
    }

    private enum Kind
    {
        YoungSingle,
        Couple,
        ThreeGenerations,
        ElderlyCouple,
        Widowed,
        SingleParent,
        WithGrandchildren,
    }

    private enum Role
    {
        Parent,
        Head,
        Spouse,
        Child,
        Grandchild,
    }

    /// <summary>A person before they get an ID and documents.</summary>
    private sealed class Plan(Role role, Sex sex, DateOnly dateOfBirth)
    {
        public Role Role { get; } = role;

        public Sex Sex { get; } = sex;

        public DateOnly DateOfBirth { get; } = dateOfBirth;

        public Plan? Father { get; set; }

        public Plan? Mother { get; set; }

        public Plan? Spouse { get; set; }

        public DateOnly? DateOfDeath { get; set; }

        public MaritalStatus MaritalStatus { get; set; }

        public double BornElsewhereChance { get; set; } = 0.14;

        public Citizen? Citizen { get; set; }

        public int Age => DemoCalendar.AgeOn(DateOfBirth, DemoCalendar.Today);
    }

    /// <summary>One pass over the seed: the random stream and the counters that keep IDs unique.</summary>
    private sealed class Run(SeedOptions options)
    {
        private static readonly DateOnly _today = DemoCalendar.Today;
        private static readonly DateOnly _yesterday = DemoCalendar.Today.AddDays(-1);

        // Nobody is older than 95 on the reference date.
        private static readonly DateOnly _earliestBirth = DemoCalendar.Today.AddYears(-96).AddDays(1);

        private static readonly Weighted<Kind> _kinds = new(
            (Kind.YoungSingle, 8), (Kind.Couple, 50), (Kind.ThreeGenerations, 13), (Kind.ElderlyCouple, 10),
            (Kind.Widowed, 6), (Kind.SingleParent, 5), (Kind.WithGrandchildren, 8));

        // How much older the husband is than the wife.
        private static readonly Weighted<int> _spouseGap = new(
            (-3, 2), (-2, 3), (-1, 5), (0, 10), (1, 14), (2, 16), (3, 15), (4, 12), (5, 9), (6, 6), (7, 4), (8, 3), (10, 2));

        private static readonly Weighted<int> _childCount = new((0, 8), (1, 22), (2, 44), (3, 19), (4, 7));

        private static readonly Weighted<string> _ethnicities = new(
            ("Kinh", 85), ("Tày", 3), ("Thái", 2.5), ("Mường", 2.5), ("Khmer", 1.5), ("Hoa", 1.5), ("Nùng", 1.5),
            ("H'Mông", 1.5), ("Dao", 1));

        private static readonly Weighted<string> _religions = new(
            ("Không", 85), ("Phật giáo", 8), ("Công giáo", 5), ("Tin Lành", 0.8), ("Cao Đài", 0.6), ("Hòa Hảo", 0.6));

        // Vietnam's distribution: O and B dominate, Rh-negative is rare.
        private static readonly Weighted<string> _bloodTypes = new(
            ("O+", 41.5), ("B+", 30), ("A+", 21), ("AB+", 6), ("O-", 0.5), ("B-", 0.4), ("A-", 0.4), ("AB-", 0.2));

        private static readonly string[] _phonePrefixes =
        [
            "032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "059", "070", "076", "077", "078",
            "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097",
            "098",
        ];

        private static readonly Weighted<string> _emailDomains = new(("gmail.com", 82), ("yahoo.com", 8), ("outlook.com", 6), ("icloud.com", 4));

        private static readonly Weighted<string> _educationBornBefore1970 = new(
            ("Chưa đi học", 2), ("Tiểu học", 25), ("Trung học cơ sở", 40), ("Trung học phổ thông", 22), ("Trung cấp", 6),
            ("Đại học", 5));

        private static readonly Weighted<string> _educationBornBefore1990 = new(
            ("Tiểu học", 2), ("Trung học cơ sở", 25), ("Trung học phổ thông", 35), ("Trung cấp", 10), ("Cao đẳng", 8),
            ("Đại học", 18), ("Thạc sĩ", 2));

        private static readonly Weighted<string> _educationYounger = new(
            ("Trung học cơ sở", 6), ("Trung học phổ thông", 35), ("Trung cấp", 8), ("Cao đẳng", 12), ("Đại học", 35),
            ("Thạc sĩ", 4));

        private static readonly Weighted<string> _graduateJobs = new(
            ("Nhân viên văn phòng", 30), ("Kỹ sư", 20), ("Giáo viên", 15), ("Công chức", 15), ("Bác sĩ", 5),
            ("Điều dưỡng", 5), ("Kinh doanh tự do", 10));

        // Bắc Ninh's industrial parks employ a large share of its workers.
        private static readonly Weighted<string> _jobs = new(
            ("Công nhân", 32), ("Nông dân", 16), ("Kinh doanh tự do", 15), ("Lao động tự do", 12), ("Thợ thủ công", 5),
            ("Nhân viên văn phòng", 8), ("Lái xe", 4), ("Nội trợ", 5), ("Điều dưỡng", 1.5), ("Giáo viên", 1.5));

        private static readonly Weighted<string> _retiredJobs = new(
            ("Nghỉ hưu", 45), ("Nông dân", 30), ("Nội trợ", 15), ("Kinh doanh tự do", 10));

        private readonly DemoRandom _random = new(options.RandomSeed, stream: 1);
        private readonly Dictionary<int, int> _serialCounters = [];
        private int _households;
        private int _formerIds;
        private int _phones;
        private int _emails;

        public int Remaining { get; private set; } = options.Citizens;

        public Household NextHousehold()
        {
            var plans = PlanHousehold(_kinds.Draw(_random));
            if (plans.Count > Remaining)
            {
                plans = PlanYoungSingle();
            }

            var commune = Communes.DrawHome(_random);
            _households++;
            var household = new Household(
                string.Create(CultureInfo.InvariantCulture, $"HK{Communes.HomeProvinceCode}{_households:D7}"),
                commune,
                Communes.DrawAddress(_random, commune));

            var ethnicity = _ethnicities.Draw(_random);
            var religion = _religions.Draw(_random);

            // Parents before children, so that names and hometowns can be inherited.
            foreach (var plan in plans.OrderBy(p => (int)p.Role))
            {
                plan.Citizen = CreateCitizen(plan, household, ethnicity, religion);
            }

            var head = plans[0].Citizen!;
            foreach (var plan in plans)
            {
                var citizen = plan.Citizen!;
                citizen.SpouseId = plan.Spouse?.Citizen!.Id;
                citizen.HouseholdId = household.Id;
                citizen.HouseholdHeadId = head.Id;
                citizen.RelationToHouseholdHead = RelationToHead(plan);
                FillDocuments(citizen, household);
                household.MemberList.Add(citizen);
            }

            household.RegisteredOn = _random.Between(
                Min(Max(head.DateOfBirth.AddYears(18), new DateOnly(1995, 1, 1)), _yesterday),
                _yesterday);
            Remaining -= plans.Count;
            return household;
        }

        // ---- Planning: who lives in the household ----

        /// <summary>Plans one household; the head is always first and always alive.</summary>
        private List<Plan> PlanHousehold(Kind kind) => kind switch
        {
            Kind.YoungSingle => PlanYoungSingle(),
            Kind.Couple => PlanCouple(),
            Kind.ThreeGenerations => PlanThreeGenerations(),
            Kind.ElderlyCouple => PlanElderlyCouple(),
            Kind.Widowed => PlanWidowed(),
            Kind.SingleParent => PlanSingleParent(),
            Kind.WithGrandchildren => PlanWithGrandchildren(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        private List<Plan> PlanYoungSingle()
        {
            var age = 18 + _random.Next(18);
            var head = new Plan(Role.Head, _random.Chance(0.55) ? Sex.Male : Sex.Female, DateOfBirthForAge(age))
            {
                // Young people living alone are often workers who came from other provinces.
                BornElsewhereChance = 0.35,
                MaritalStatus = age >= 25 && _random.Chance(0.1) ? MaritalStatus.Divorced : MaritalStatus.Single,
            };
            return [head];
        }

        private List<Plan> PlanCouple()
        {
            var headAge = DrawAge((22, 29, 14), (30, 39, 30), (40, 49, 28), (50, 59, 20), (60, 64, 8));
            var (head, spouse) = PlanCoupleAround(headAge, _random.Chance(0.8) ? Sex.Male : Sex.Female);
            List<Plan> plans = [head, spouse];
            AddChildren(plans, Husband(head, spouse), Wife(head, spouse), _childCount.Draw(_random), movesOut: true);
            return plans;
        }

        private List<Plan> PlanThreeGenerations()
        {
            // A widowed elderly parent lives with the head's family; the late other parent is sometimes on record.
            var elderAge = DrawAge((65, 74, 45), (75, 84, 40), (85, 95, 15));
            var elderSex = _random.Chance(0.65) ? Sex.Female : Sex.Male;
            var elder = new Plan(Role.Parent, elderSex, DateOfBirthForAge(elderAge)) { MaritalStatus = MaritalStatus.Widowed };
            var lateAge = elderSex == Sex.Female
                ? Math.Min(95, elderAge + _spouseGap.Draw(_random))
                : Math.Clamp(elderAge - _spouseGap.Draw(_random), 45, 95);
            var late = new Plan(Role.Parent, Opposite(elderSex), DateOfBirthForAge(lateAge)) { MaritalStatus = MaritalStatus.Married };
            var father = elderSex == Sex.Male ? elder : late;
            var mother = elderSex == Sex.Female ? elder : late;

            var youngerParent = Max(father.DateOfBirth, mother.DateOfBirth);
            var youngerAge = DemoCalendar.AgeOn(youngerParent, _today);
            var ageAtBirth = 20 + _random.Next(Math.Max(1, Math.Min(19, youngerAge - 45)));
            var headBirth = ChildDateOfBirth(youngerParent, ageAtBirth);
            var headSex = _random.Chance(0.75) ? Sex.Male : Sex.Female;

            List<Plan> plans;
            if (_random.Chance(0.85))
            {
                var (head, spouse) = PlanCoupleAround(DemoCalendar.AgeOn(headBirth, _today), headSex, headBirth);
                plans = [head, spouse];
                AddChildren(plans, Husband(head, spouse), Wife(head, spouse), _childCount.Draw(_random), movesOut: true);
            }
            else
            {
                plans = [new Plan(Role.Head, headSex, headBirth) { MaritalStatus = MaritalStatus.Single }];
            }

            var headPlan = plans[0];
            headPlan.Father = father;
            headPlan.Mother = mother;
            plans.Add(elder);

            if (_random.Chance(0.28) && TryDie(late, Max(headPlan.DateOfBirth, late.DateOfBirth.AddYears(45)), yearsBack: 30))
            {
                elder.Spouse = late;
                late.Spouse = elder;
                plans.Add(late);
            }
            else
            {
                // The late parent is not on record: no link to them.
                if (father == late)
                {
                    headPlan.Father = null;
                }
                else
                {
                    headPlan.Mother = null;
                }
            }

            return plans;
        }

        private List<Plan> PlanElderlyCouple()
        {
            var headAge = DrawAge((60, 69, 55), (70, 79, 35), (80, 90, 10));
            var (head, spouse) = PlanCoupleAround(headAge, _random.Chance(0.8) ? Sex.Male : Sex.Female);
            List<Plan> plans = [head, spouse];
            var stayingChildren = _random.Chance(0.6) ? 0 : _random.Chance(0.75) ? 1 : 2;
            AddChildren(plans, Husband(head, spouse), Wife(head, spouse), stayingChildren, movesOut: false);
            return plans;
        }

        private List<Plan> PlanWidowed()
        {
            var headAge = DrawAge((60, 69, 40), (70, 79, 38), (80, 95, 22));
            var (head, late) = PlanCoupleAround(headAge, _random.Chance(0.75) ? Sex.Female : Sex.Male);
            head.MaritalStatus = MaritalStatus.Widowed;
            List<Plan> plans = [head, late];
            AddChildren(plans, Husband(head, late), Wife(head, late), _random.Chance(0.4) ? 1 : 0, movesOut: false);

            var youngestChild = plans.Skip(2).Select(p => p.DateOfBirth).DefaultIfEmpty(DateOnly.MinValue).Max();
            if (!_random.Chance(0.3) || !TryDie(late, Max(youngestChild, late.DateOfBirth.AddYears(40)), yearsBack: 20))
            {
                // The late spouse is not on record: drop them and every link to them.
                plans.Remove(late);
                head.Spouse = null;
                foreach (var child in plans)
                {
                    if (child.Father == late)
                    {
                        child.Father = null;
                    }

                    if (child.Mother == late)
                    {
                        child.Mother = null;
                    }
                }
            }

            return plans;
        }

        private List<Plan> PlanSingleParent()
        {
            var headAge = DrawAge((26, 34, 35), (35, 44, 40), (45, 55, 25));
            var (head, other) = PlanCoupleAround(headAge, _random.Chance(0.7) ? Sex.Female : Sex.Male);
            List<Plan> plans = [head, other];
            AddChildren(plans, Husband(head, other), Wife(head, other), 1 + _random.Next(3), movesOut: true);

            var widowed = _random.Chance(0.25);
            var youngestChild = plans.Skip(2).Select(p => p.DateOfBirth).DefaultIfEmpty(DateOnly.MinValue).Max();
            if (widowed && _random.Chance(0.8) && TryDie(other, Max(youngestChild, other.DateOfBirth.AddYears(20)), yearsBack: 15))
            {
                head.MaritalStatus = MaritalStatus.Widowed;
                return plans;
            }

            // Divorced (or the late spouse is not on record): the other parent lives elsewhere, no links.
            head.MaritalStatus = widowed ? MaritalStatus.Widowed : MaritalStatus.Divorced;
            head.Spouse = null;
            plans.Remove(other);
            foreach (var child in plans)
            {
                if (child.Father == other)
                {
                    child.Father = null;
                }

                if (child.Mother == other)
                {
                    child.Mother = null;
                }
            }

            return plans;
        }

        private List<Plan> PlanWithGrandchildren()
        {
            var headAge = DrawAge((45, 54, 35), (55, 64, 45), (65, 70, 20));
            var (head, spouse) = PlanCoupleAround(headAge, _random.Chance(0.8) ? Sex.Male : Sex.Female);
            List<Plan> plans = [head, spouse];
            AddChildren(plans, Husband(head, spouse), Wife(head, spouse), 1 + _random.Next(3), movesOut: false, firstChildEarly: true);

            // The eldest child, married to someone registered elsewhere, lives here with their own children.
            var eldest = plans.Skip(2).OrderBy(p => p.DateOfBirth).FirstOrDefault();
            if (eldest is not null && eldest.Age >= 20)
            {
                eldest.MaritalStatus = MaritalStatus.Married;
                var count = 1 + _random.Next(2);
                var ageAtBirth = 20 + _random.Next(5);
                for (var i = 0; i < count; i++, ageAtBirth += 2 + _random.Next(4))
                {
                    var birth = ChildDateOfBirth(eldest.DateOfBirth, ageAtBirth);
                    if (birth > _yesterday)
                    {
                        break;
                    }

                    plans.Add(new Plan(Role.Grandchild, DrawChildSex(), birth)
                    {
                        Father = eldest.Sex == Sex.Male ? eldest : null,
                        Mother = eldest.Sex == Sex.Female ? eldest : null,
                        MaritalStatus = MaritalStatus.Single,
                    });
                }
            }

            return plans;
        }

        /// <summary>A married head and spouse; the husband is usually a few years older.</summary>
        private (Plan Head, Plan Spouse) PlanCoupleAround(int headAge, Sex headSex, DateOnly? headBirth = null)
        {
            var gap = _spouseGap.Draw(_random);
            var spouseAge = Math.Clamp(headSex == Sex.Male ? headAge - gap : headAge + gap, 18, 95);
            var head = new Plan(Role.Head, headSex, headBirth ?? DateOfBirthForAge(headAge)) { MaritalStatus = MaritalStatus.Married };
            var spouse = new Plan(Role.Spouse, Opposite(headSex), DateOfBirthForAge(spouseAge)) { MaritalStatus = MaritalStatus.Married };
            head.Spouse = spouse;
            spouse.Spouse = head;
            return (head, spouse);
        }

        /// <summary>
        /// Adds up to <paramref name="count"/> children, born at least 19 years after the younger parent. Grown
        /// children often have moved out (<paramref name="movesOut"/>), so they are skipped.
        /// </summary>
        private void AddChildren(List<Plan> plans, Plan? father, Plan? mother, int count, bool movesOut, bool firstChildEarly = false)
        {
            var youngerParent = Max(father?.DateOfBirth ?? DateOnly.MinValue, mother?.DateOfBirth ?? DateOnly.MinValue);
            var ageAtBirth = firstChildEarly ? 20 + _random.Next(5) : 20 + _random.Next(11);
            for (var i = 0; i < count && ageAtBirth <= 44; i++, ageAtBirth += 2 + _random.Next(5))
            {
                var birth = ChildDateOfBirth(youngerParent, ageAtBirth);
                if (birth > _yesterday)
                {
                    break;
                }

                var age = DemoCalendar.AgeOn(birth, _today);
                var movedOut = age switch { < 18 => 0.0, < 23 => 0.2, < 30 => 0.5, _ => 0.85 };
                if (movesOut && _random.Chance(movedOut))
                {
                    continue;
                }

                plans.Add(new Plan(Role.Child, DrawChildSex(), birth)
                {
                    Father = father,
                    Mother = mother,
                    MaritalStatus = age >= 30 && _random.Chance(0.15) ? MaritalStatus.Divorced : MaritalStatus.Single,
                });
            }
        }

        /// <summary>
        /// Gives <paramref name="plan"/> a date of death after <paramref name="notBefore"/>, within the last
        /// <paramref name="yearsBack"/> years and before the 96th birthday; false when no such date exists.
        /// </summary>
        private bool TryDie(Plan plan, DateOnly notBefore, int yearsBack)
        {
            var from = Max(notBefore.AddDays(1), _today.AddYears(-yearsBack));
            var to = Min(_yesterday, plan.DateOfBirth.AddYears(96).AddDays(-1));
            if (from > to)
            {
                return false;
            }

            plan.DateOfDeath = _random.RecentBetween(from, to);
            if (plan.Spouse is { } spouse)
            {
                spouse.MaritalStatus = MaritalStatus.Widowed;
            }

            return true;
        }

        private DateOnly ChildDateOfBirth(DateOnly youngerParentBirth, int ageAtBirth) =>
            youngerParentBirth.AddYears(ageAtBirth).AddDays(_random.Next(365));

        private DateOnly DateOfBirthForAge(int age)
        {
            age = Math.Clamp(age, 0, 95);
            var from = Max(_today.AddYears(-(age + 1)).AddDays(1), _earliestBirth);
            var to = Min(_today.AddYears(-age), _yesterday);
            return _random.Between(from, to);
        }

        private int DrawAge(params ReadOnlySpan<(int From, int To, double Weight)> bands)
        {
            var total = 0.0;
            foreach (var band in bands)
            {
                total += band.Weight;
            }

            var target = _random.NextDouble() * total;
            foreach (var (from, to, weight) in bands)
            {
                if (target < weight)
                {
                    return from + _random.Next(to - from + 1);
                }

                target -= weight;
            }

            return bands[^1].To;
        }

        // Sex ratio at birth in Vietnam is about 112 boys per 100 girls.
        private Sex DrawChildSex() => _random.Chance(0.528) ? Sex.Male : Sex.Female;

        // ---- Turning plans into citizens ----

        private Citizen CreateCitizen(Plan plan, Household household, string ethnicity, string religion)
        {
            var father = plan.Father?.Citizen;
            var mother = plan.Mother?.Citizen;

            // Children born while their family lived here were registered in the household's commune.
            var bornHere = plan.Role is Role.Child or Role.Grandchild ? household.Commune : Communes.DrawHome(_random);
            var birthPlace = _random.Chance(plan.BornElsewhereChance) ? Communes.DrawElsewhere(_random) : bornHere;

            var familyName = father?.FamilyName ?? Names.DrawFamilyName(_random);

            // Quê quán passes from father to child; otherwise it is mostly where one was born.
            var hometown = father?.Hometown
                ?? (_random.Chance(0.7) ? birthPlace
                    : _random.Chance(0.8) ? Communes.DrawHome(_random)
                    : Communes.DrawElsewhere(_random)).FullName;
            var id = PersonalId.Create(birthPlace.Province.Code, plan.DateOfBirth, plan.Sex, NextSerial(birthPlace.Province.Code, plan.DateOfBirth, plan.Sex));
            var citizen = new Citizen(id, familyName, familyName + " " + Names.DrawPersonalName(_random, plan.Sex), plan.DateOfBirth, plan.Sex)
            {
                BirthRegistrationPlace = birthPlace.FullName,
                Hometown = hometown,
                Ethnicity = father?.Ethnicity ?? mother?.Ethnicity ?? (plan.Role == Role.Spouse && _random.Chance(0.15) ? _ethnicities.Draw(_random) : ethnicity),
                Religion = (father ?? mother) is { } parent && _random.Chance(0.95)
                    ? parent.Religion
                    : plan.Role == Role.Spouse && _random.Chance(0.15) ? _religions.Draw(_random) : religion,
                MaritalStatus = plan.MaritalStatus,
                FatherId = father?.Id,
                MotherId = mother?.Id,
                DateOfDeath = plan.DateOfDeath,
            };

            // A minor's legal representative is a parent; the household guarantees one is alive.
            if (plan.Age < 18)
            {
                citizen.LegalRepresentativeId = father is { IsAlive: true } ? father.Id : mother?.Id;
            }

            return citizen;
        }

        /// <summary>
        /// Serials are unique per (province, century and sex, year): a counter per bucket, spread over 0–999999 by
        /// an affine permutation so consecutive people do not get consecutive numbers.
        /// </summary>
        private int NextSerial(string provinceCode, DateOnly dateOfBirth, Sex sex)
        {
            var bucket = (int.Parse(provinceCode, CultureInfo.InvariantCulture) * 1000)
                + ((dateOfBirth.Year >= 2000 ? 2 : 0) + (sex == Sex.Female ? 1 : 0)) * 100
                + (dateOfBirth.Year % 100);
            _serialCounters.TryGetValue(bucket, out var count);
            if (count >= 1_000_000)
            {
                throw new InvalidOperationException("More than a million people share a province, sex and birth year.");
            }

            _serialCounters[bucket] = count + 1;
            return (int)(((count * 318_751L) + (bucket * 7_919L)) % 1_000_000);
        }

        private static string RelationToHead(Plan plan) => plan.Role switch
        {
            Role.Head => "Chủ hộ",
            Role.Spouse => plan.Sex == Sex.Female ? "Vợ" : "Chồng",
            Role.Parent => plan.Sex == Sex.Female ? "Mẹ" : "Cha",
            Role.Child => "Con",
            _ => "Cháu",
        };

        /// <summary>Residence, contact, education, work and identity documents, as of death for the dead.</summary>
        private void FillDocuments(Citizen citizen, Household household)
        {
            var asOf = citizen.DateOfDeath ?? _today;
            var age = DemoCalendar.AgeOn(citizen.DateOfBirth, asOf);
            var alive = citizen.IsAlive;
            var adult = alive && age >= 18;

            citizen.PermanentResidence = household.Address;
            if (adult && age <= 40 && _random.Chance(0.06))
            {
                citizen.TemporaryResidence = Communes.DrawAddress(_random, Communes.DrawTemporary(_random));
            }

            citizen.CurrentResidence = citizen.TemporaryResidence ?? household.Address;

            // The 9-digit identity card number (CMND) was issued until 2016-2021; only people born before 2000 have one.
            if (citizen.DateOfBirth.Year < 2000 && age >= 14 && _random.Chance(0.9))
            {
                citizen.FormerIdNumber = string.Create(CultureInfo.InvariantCulture, $"12{(_formerIds++ * 3_141_593L + 271_828) % 10_000_000:D7}");
            }

            citizen.IdCard = DrawIdCard(citizen, asOf);
            if (citizen.IdCard is not null)
            {
                citizen.FaceImageRef = "bio:face:" + _random.Hex16();
                citizen.FingerprintRef = "bio:finger:" + _random.Hex16();
            }

            if (adult)
            {
                citizen.ElectronicIdLevel = _random.Chance(0.8) ? 2 : 1;
                if (_random.Chance(0.9))
                {
                    // Unique: the last seven digits are a permuted counter.
                    citizen.PhoneNumber = string.Create(
                        CultureInfo.InvariantCulture, $"{_random.Pick(_phonePrefixes)}{(_phones++ * 7_654_321L + 1_234_567) % 10_000_000:D7}");
                }

                if (_random.Chance(age < 45 ? 0.5 : age < 60 ? 0.25 : 0.05))
                {
                    // Unique: the number is a permuted counter ("huong.nguyen48213@gmail.com").
                    var given = citizen.FullName[(citizen.FullName.LastIndexOf(' ') + 1)..];
                    citizen.Email = string.Create(
                        CultureInfo.InvariantCulture,
                        $"{Names.ToAscii(given)}.{Names.ToAscii(citizen.FamilyName)}{(_emails++ * 7_919L + 4_093) % 10_000_000}@{_emailDomains.Draw(_random)}");
                }
            }

            citizen.BloodType = _random.Chance(0.7) ? _bloodTypes.Draw(_random) : null;
            citizen.EducationLevel = age switch
            {
                < 6 => null,
                < 11 => "Tiểu học",
                < 15 => "Trung học cơ sở",
                < 18 => "Trung học phổ thông",
                _ => (citizen.DateOfBirth.Year switch
                {
                    < 1970 => _educationBornBefore1970,
                    < 1990 => _educationBornBefore1990,
                    _ => _educationYounger,
                }).Draw(_random),
            };
            citizen.Occupation = age switch
            {
                < 6 => null,
                < 18 => "Học sinh",
                < 23 when _random.Chance(0.55) => "Sinh viên",
                >= 60 => _retiredJobs.Draw(_random),
                _ when citizen.EducationLevel is "Đại học" or "Thạc sĩ" => _graduateJobs.Draw(_random),
                _ => _jobs.Draw(_random),
            };
        }

        /// <summary>
        /// Chip ID cards since 2021 (the new "thẻ căn cước" since 1 July 2024, issued by the Ministry). A card is
        /// valid until the holder turns 25, 40 or 60 (none after 60), skipping an age reached within two years of
        /// issue; an expired card of a living person has been renewed.
        /// </summary>
        private IdCard? DrawIdCard(Citizen citizen, DateOnly asOf)
        {
            var from = Max(citizen.DateOfBirth.AddYears(14), asOf < new DateOnly(2021, 1, 1) ? new DateOnly(2016, 1, 1) : new DateOnly(2021, 1, 1));
            var to = asOf.AddDays(-1);
            if (from > to)
            {
                return null;
            }

            var issuedOn = _random.Between(from, to);
            var expiresOn = CardExpiry(citizen.DateOfBirth, issuedOn);
            while (citizen.IsAlive && expiresOn is { } expiry && expiry <= _today)
            {
                issuedOn = Min(expiry.AddDays(_random.Next(-30, 120)), _yesterday);
                expiresOn = CardExpiry(citizen.DateOfBirth, issuedOn);
            }

            var issuedBy = issuedOn < new DateOnly(2024, 7, 1)
                ? "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
                : "Bộ Công an";
            return new IdCard(citizen.Id.Value, issuedOn, issuedBy, expiresOn);
        }

        private static DateOnly? CardExpiry(DateOnly dateOfBirth, DateOnly issuedOn)
        {
            foreach (var milestone in (ReadOnlySpan<int>)[25, 40, 60])
            {
                var birthday = dateOfBirth.AddYears(milestone);
                if (issuedOn < birthday.AddYears(-2))
                {
                    return birthday;
                }
            }

            return null;
        }

        private static Plan Husband(Plan a, Plan b) => a.Sex == Sex.Male ? a : b;

        private static Plan Wife(Plan a, Plan b) => a.Sex == Sex.Female ? a : b;

        private static Sex Opposite(Sex sex) => sex == Sex.Male ? Sex.Female : Sex.Male;

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
    }
}
