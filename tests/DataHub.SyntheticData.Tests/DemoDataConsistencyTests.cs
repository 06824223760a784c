using DataHub.Domain;

namespace DataHub.SyntheticData.Tests;

/// <summary>What a hub developer relies on in the seeded data: every reference resolves and the people add up.</summary>
public class DemoDataConsistencyTests(SeededDemoData data) : IClassFixture<SeededDemoData>
{
    private const string Today = "2026-11-01";

    [Theory]
    [InlineData("father_personal_id")]
    [InlineData("mother_personal_id")]
    [InlineData("spouse_personal_id")]
    [InlineData("household_head_personal_id")]
    [InlineData("legal_representative_personal_id")]
    public void Every_family_link_points_to_an_existing_citizen(string column)
    {
        var links = data.Scalar($"SELECT count(*) FROM citizens WHERE {column} IS NOT NULL");
        var orphans = data.Scalar(
            $"SELECT count(*) FROM citizens c LEFT JOIN citizens t ON t.personal_id = c.{column} WHERE c.{column} IS NOT NULL AND t.personal_id IS NULL");

        Assert.True(links > 0, $"no {column} links at all");
        Assert.Equal(0, orphans);
    }

    [Fact]
    public void Every_household_link_resolves_in_both_directions()
    {
        var citizensWithoutHousehold = data.Scalar(
            "SELECT count(*) FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id WHERE h.household_id IS NULL");
        var headsThatAreNotCitizens = data.Scalar(
            "SELECT count(*) FROM households h LEFT JOIN citizens c ON c.personal_id = h.head_personal_id WHERE c.personal_id IS NULL");
        var headsOutsideTheirHousehold = data.Scalar(
            "SELECT count(*) FROM households h JOIN citizens c ON c.personal_id = h.head_personal_id WHERE c.household_id <> h.household_id OR c.relation_to_household_head <> 'Chủ hộ' OR c.date_of_death IS NOT NULL");
        var householdsWithOneHead = data.Scalar(
            "SELECT count(*) FROM (SELECT household_id FROM citizens WHERE relation_to_household_head = 'Chủ hộ' GROUP BY household_id HAVING count(*) = 1)");
        var wrongHeadLinks = data.Scalar(
            "SELECT count(*) FROM citizens c JOIN households h ON h.household_id = c.household_id WHERE c.household_head_personal_id <> h.head_personal_id");

        Assert.Equal(0, citizensWithoutHousehold);
        Assert.Equal(0, headsThatAreNotCitizens);
        Assert.Equal(0, headsOutsideTheirHousehold);
        Assert.Equal(data.Summary.Households, householdsWithOneHead);
        Assert.Equal(0, wrongHeadLinks);
    }

    [Theory]
    [InlineData("land.land_use_rights", "holder_personal_id")]
    [InlineData("welfare.benefit_cases", "beneficiary_personal_id")]
    [InlineData("welfare.benefit_cases", "deceased_personal_id")]
    public void Every_personal_id_in_land_and_welfare_exists_in_population(string table, string column)
    {
        var references = data.Scalar($"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL");
        var orphans = data.Scalar(
            $"SELECT count(*) FROM {table} x LEFT JOIN citizens c ON c.personal_id = x.{column} WHERE x.{column} IS NOT NULL AND c.personal_id IS NULL");

        Assert.True(references > 0, $"no {table}.{column} at all");
        Assert.Equal(0, orphans);
    }

    [Fact]
    public void Every_land_use_right_belongs_to_an_existing_parcel_and_every_parcel_has_one_or_two_active_rights()
    {
        var orphanRights = data.Scalar(
            "SELECT count(*) FROM land.land_use_rights r LEFT JOIN land.land_parcels p ON p.parcel_id = r.parcel_id WHERE p.parcel_id IS NULL");
        var parcelsWithWrongActiveCount = data.Scalar(
            "SELECT count(*) FROM land.land_parcels p WHERE (SELECT count(*) FROM land.land_use_rights r WHERE r.parcel_id = p.parcel_id AND r.status = 'ACTIVE') NOT BETWEEN 1 AND 2");

        Assert.Equal(0, orphanRights);
        Assert.Equal(0, parcelsWithWrongActiveCount);
    }

    [Fact]
    public void Every_personal_id_is_valid_and_agrees_with_birth_date_sex_and_birth_registration_province()
    {
        var rows = data.Rows("SELECT personal_id, date_of_birth, sex, birth_registration_place FROM citizens");

        Assert.Equal(SeededDemoData.Citizens, rows.Count);
        Assert.All(rows, row =>
        {
            var text = (string)row[0]!;
            Assert.True(PersonalId.TryParse(text, out var id, out var problem), problem);
            var dateOfBirth = DateOnly.ParseExact((string)row[1]!, "yyyy-MM-dd");
            var sex = (string)row[2]! == "MALE" ? Sex.Male : Sex.Female;
            Assert.True(id.MatchesBirth(dateOfBirth, sex), $"{text} does not match {row[1]} {row[2]}");
            Assert.EndsWith(", " + Provinces.Get(id.ProvinceCode).FullName, (string)row[3]!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void About_fifteen_percent_were_born_in_another_province_and_everyone_lives_in_Bac_Ninh()
    {
        var bornElsewhere = data.Scalar("SELECT count(*) FROM citizens WHERE substr(personal_id, 1, 3) <> '027'");
        var otherProvinces = data.Scalar("SELECT count(DISTINCT substr(personal_id, 1, 3)) FROM citizens WHERE substr(personal_id, 1, 3) <> '027'");
        var homeCommunes = Communes.HomeCommunes.Select(c => c.Name).ToHashSet();
        var households = data.Rows("SELECT province, commune, address FROM households");

        Assert.InRange(bornElsewhere * 100.0 / SeededDemoData.Citizens, 10, 20);
        Assert.True(otherProvinces >= 5, $"only {otherProvinces} other provinces of birth");
        Assert.All(households, h =>
        {
            Assert.Equal("Bắc Ninh", h[0]);
            Assert.Contains((string)h[1]!, homeCommunes);
            Assert.EndsWith($"{h[1]}, Tỉnh Bắc Ninh", (string)h[2]!, StringComparison.Ordinal);
        });
        Assert.True(households.Select(h => h[1]).Distinct().Count() >= 15);
    }

    [Fact]
    public void Spouses_point_to_each_other_have_opposite_sexes_and_a_matching_marital_status()
    {
        var asymmetric = data.Scalar(
            "SELECT count(*) FROM citizens a JOIN citizens b ON b.personal_id = a.spouse_personal_id WHERE b.spouse_personal_id IS NOT a.personal_id");
        var sameSex = data.Scalar(
            "SELECT count(*) FROM citizens a JOIN citizens b ON b.personal_id = a.spouse_personal_id WHERE a.sex = b.sex");
        var livingCouplesNotMarried = data.Scalar(
            "SELECT count(*) FROM citizens a JOIN citizens b ON b.personal_id = a.spouse_personal_id WHERE a.date_of_death IS NULL AND b.date_of_death IS NULL AND a.marital_status <> 'MARRIED'");
        var widowsNotWidowed = data.Scalar(
            "SELECT count(*) FROM citizens a JOIN citizens b ON b.personal_id = a.spouse_personal_id WHERE a.date_of_death IS NULL AND b.date_of_death IS NOT NULL AND a.marital_status <> 'WIDOWED'");
        var couples = data.Scalar("SELECT count(*) FROM citizens WHERE spouse_personal_id IS NOT NULL");

        Assert.True(couples > SeededDemoData.Citizens / 5, $"only {couples} people with a spouse");
        Assert.Equal(0, asymmetric);
        Assert.Equal(0, sameSex);
        Assert.Equal(0, livingCouplesNotMarried);
        Assert.Equal(0, widowsNotWidowed);
    }

    [Theory]
    [InlineData("father_personal_id", "MALE")]
    [InlineData("mother_personal_id", "FEMALE")]
    public void Parents_are_at_least_18_years_older_than_their_children_and_of_the_right_sex(string column, string sex)
    {
        var tooYoung = data.Scalar(
            $"SELECT count(*) FROM citizens c JOIN citizens p ON p.personal_id = c.{column} WHERE c.date_of_birth < date(p.date_of_birth, '+18 years')");
        var wrongSex = data.Scalar(
            $"SELECT count(*) FROM citizens c JOIN citizens p ON p.personal_id = c.{column} WHERE p.sex <> '{sex}'");
        var bornAfterParentDied = data.Scalar(
            $"SELECT count(*) FROM citizens c JOIN citizens p ON p.personal_id = c.{column} WHERE p.date_of_death IS NOT NULL AND c.date_of_birth > p.date_of_death");

        Assert.Equal(0, tooYoung);
        Assert.Equal(0, wrongSex);
        Assert.Equal(0, bornAfterParentDied);
    }

    [Fact]
    public void Children_with_a_father_on_record_carry_his_family_name()
    {
        var rows = data.Rows(
            "SELECT c.full_name, f.full_name FROM citizens c JOIN citizens f ON f.personal_id = c.father_personal_id");

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(((string)r[1]!).Split(' ')[0], ((string)r[0]!).Split(' ')[0]));
    }

    [Fact]
    public void The_dead_are_about_two_percent_mostly_elderly_and_died_after_birth_and_before_the_reference_date()
    {
        var dead = data.Scalar("SELECT count(*) FROM citizens WHERE date_of_death IS NOT NULL");
        var impossible = data.Scalar(
            $"SELECT count(*) FROM citizens WHERE date_of_death IS NOT NULL AND (date_of_death <= date_of_birth OR date_of_death >= '{Today}')");
        var diedAged60OrMore = data.Scalar(
            "SELECT count(*) FROM citizens WHERE date_of_death IS NOT NULL AND date_of_death >= date(date_of_birth, '+60 years')");

        Assert.InRange(dead * 100.0 / SeededDemoData.Citizens, 1, 3.5);
        Assert.Equal(0, impossible);
        Assert.True(diedAged60OrMore * 2 > dead, $"{diedAged60OrMore} of {dead} died aged 60+");
    }

    [Fact]
    public void Ages_run_from_0_to_95_with_children_under_six_making_up_at_least_five_percent()
    {
        var underSix = data.Scalar($"SELECT count(*) FROM citizens WHERE date_of_birth > date('{Today}', '-6 years')");
        var outOfRange = data.Scalar(
            $"SELECT count(*) FROM citizens WHERE date_of_birth <= date('{Today}', '-96 years') OR date_of_birth >= '{Today}'");
        var over80 = data.Scalar($"SELECT count(*) FROM citizens WHERE date_of_birth <= date('{Today}', '-80 years')");
        var working = data.Scalar(
            $"SELECT count(*) FROM citizens WHERE date_of_birth BETWEEN date('{Today}', '-60 years') AND date('{Today}', '-18 years')");

        Assert.True(underSix * 100.0 / SeededDemoData.Citizens >= 5, $"only {underSix} children under six");
        Assert.Equal(0, outOfRange);
        Assert.True(over80 > 0);

        // A plausible pyramid: working-age adults outnumber the over-80s many times.
        Assert.True(working > 10 * over80, $"{working} working-age vs {over80} over 80");
    }

    [Fact]
    public void Minors_are_represented_by_a_living_parent_and_have_no_adult_only_data()
    {
        var minors = data.Scalar($"SELECT count(*) FROM citizens WHERE date_of_birth > date('{Today}', '-18 years')");
        var badRepresentative = data.Scalar(
            $"""
            SELECT count(*) FROM citizens c LEFT JOIN citizens r ON r.personal_id = c.legal_representative_personal_id
            WHERE c.date_of_birth > date('{Today}', '-18 years')
              AND (r.personal_id IS NULL OR r.date_of_death IS NOT NULL
                   OR r.personal_id NOT IN (c.father_personal_id, c.mother_personal_id))
            """);
        var adultsWithRepresentative = data.Scalar(
            $"SELECT count(*) FROM citizens WHERE date_of_birth <= date('{Today}', '-18 years') AND legal_representative_personal_id IS NOT NULL");
        var minorsWithAdultData = data.Scalar(
            $"SELECT count(*) FROM citizens WHERE date_of_birth > date('{Today}', '-18 years') AND (phone_number IS NOT NULL OR electronic_id_level IS NOT NULL OR email IS NOT NULL)");

        Assert.True(minors > 0);
        Assert.Equal(0, badRepresentative);
        Assert.Equal(0, adultsWithRepresentative);
        Assert.Equal(0, minorsWithAdultData);
    }

    [Fact]
    public void Optional_fields_keep_their_formats()
    {
        var rows = data.Rows(
            "SELECT personal_id, date_of_birth, former_id_number, phone_number, blood_type, electronic_id_level, id_card_number, id_card_issued_on, id_card_expires_on, face_image_ref, fingerprint_ref, marital_status, sex, relation_to_household_head, nationality FROM citizens");

        Assert.All(rows, r =>
        {
            if (r[2] is string formerId)
            {
                Assert.Matches("^[0-9]{9}$", formerId);
                Assert.True(string.CompareOrdinal((string)r[1]!, "2000-01-01") < 0, "former ID for someone born in 2000 or later");
            }

            if (r[3] is string phone)
            {
                Assert.Matches("^0[35789][0-9]{8}$", phone);
            }

            if (r[4] is string bloodType)
            {
                Assert.Contains(bloodType, (string[])["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"]);
            }

            if (r[5] is long level)
            {
                Assert.InRange(level, 1, 2);
            }

            if (r[6] is string cardNumber)
            {
                Assert.Equal(r[0], cardNumber);
                Assert.True(string.CompareOrdinal((string)r[7]!, (string)r[1]!) > 0);
                Assert.Matches("^bio:face:[0-9a-f]{16}$", (string)r[9]!);
                Assert.Matches("^bio:finger:[0-9a-f]{16}$", (string)r[10]!);
                if (r[8] is string expires)
                {
                    Assert.True(string.CompareOrdinal(expires, (string)r[7]!) > 0);
                }
            }

            Assert.Contains((string)r[11]!, (string[])["SINGLE", "MARRIED", "DIVORCED", "WIDOWED"]);
            Assert.Contains((string)r[12]!, (string[])["MALE", "FEMALE"]);
            Assert.Contains((string)r[13]!, (string[])["Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ", "Cháu"]);
            Assert.Equal("Việt Nam", r[14]);
        });
        Assert.Equal(0, data.Scalar($"SELECT count(*) FROM citizens WHERE id_card_number IS NOT NULL AND date_of_birth > date('{Today}', '-14 years')"));
        foreach (var unique in (string[])["former_id_number", "phone_number", "email"])
        {
            Assert.Equal(
                data.Scalar($"SELECT count({unique}) FROM citizens"),
                data.Scalar($"SELECT count(DISTINCT {unique}) FROM citizens"));
        }

        Assert.Equal(0, data.Scalar("SELECT count(*) FROM citizens WHERE date_of_death IS NULL AND id_card_expires_on IS NOT NULL AND id_card_expires_on <= '2026-11-01'"));
    }

    [Fact]
    public void Ethnicity_and_religion_follow_the_national_mix()
    {
        var kinh = data.Scalar("SELECT count(*) FROM citizens WHERE ethnicity = 'Kinh'");
        var noReligion = data.Scalar("SELECT count(*) FROM citizens WHERE religion = 'Không'");
        var ethnicities = data.Scalar("SELECT count(DISTINCT ethnicity) FROM citizens");

        Assert.InRange(kinh * 100.0 / SeededDemoData.Citizens, 78, 92);
        Assert.InRange(noReligion * 100.0 / SeededDemoData.Citizens, 78, 92);
        Assert.True(ethnicities >= 6);
    }

    [Fact]
    public void Funeral_allowances_name_a_dead_citizen_and_are_claimed_by_a_living_adult_spouse_or_child()
    {
        var funerals = data.Scalar("SELECT count(*) FROM welfare.benefit_cases WHERE benefit_type = 'FUNERAL_ALLOWANCE'");
        var bad = data.Scalar(
            $"""
            SELECT count(*) FROM welfare.benefit_cases b
            JOIN citizens d ON d.personal_id = b.deceased_personal_id
            JOIN citizens r ON r.personal_id = b.beneficiary_personal_id
            WHERE b.benefit_type = 'FUNERAL_ALLOWANCE'
              AND (d.date_of_death IS NULL OR r.date_of_death IS NOT NULL
                   OR r.date_of_birth > date('{Today}', '-18 years')
                   OR NOT (r.spouse_personal_id = d.personal_id OR r.father_personal_id = d.personal_id OR r.mother_personal_id = d.personal_id)
                   OR b.opened_on < d.date_of_death)
            """);
        var funeralsWithoutDeceased = data.Scalar(
            "SELECT count(*) FROM welfare.benefit_cases WHERE benefit_type = 'FUNERAL_ALLOWANCE' AND deceased_personal_id IS NULL");
        var othersWithDeceased = data.Scalar(
            "SELECT count(*) FROM welfare.benefit_cases WHERE benefit_type <> 'FUNERAL_ALLOWANCE' AND deceased_personal_id IS NOT NULL");

        // About half of the deaths with a living relative lead to a claim.
        var eligibleDeaths = data.Scalar(
            $"""
            SELECT count(*) FROM citizens d WHERE d.date_of_death IS NOT NULL AND EXISTS (
              SELECT 1 FROM citizens r WHERE r.date_of_death IS NULL AND r.date_of_birth <= date('{Today}', '-18 years')
                AND (r.spouse_personal_id = d.personal_id OR r.father_personal_id = d.personal_id OR r.mother_personal_id = d.personal_id))
            """);

        Assert.True(funerals > 0);
        Assert.Equal(0, bad);
        Assert.Equal(0, funeralsWithoutDeceased);
        Assert.Equal(0, othersWithDeceased);
        Assert.InRange(funerals * 1.0 / eligibleDeaths, 0.3, 0.7);
    }

    [Fact]
    public void Other_benefits_go_to_the_right_people_and_dates_are_in_order()
    {
        var pensionsUnder80 = data.Scalar(
            "SELECT count(*) FROM welfare.benefit_cases b JOIN citizens c ON c.personal_id = b.beneficiary_personal_id WHERE b.benefit_type = 'SOCIAL_PENSION' AND b.opened_on < date(c.date_of_birth, '+80 years')");
        var nutritionForOver6 = data.Scalar(
            $"SELECT count(*) FROM welfare.benefit_cases b JOIN citizens c ON c.personal_id = b.beneficiary_personal_id WHERE b.benefit_type = 'CHILD_NUTRITION' AND c.date_of_birth <= date('{Today}', '-6 years')");
        var badDates = data.Scalar(
            $"SELECT count(*) FROM welfare.benefit_cases WHERE opened_on >= '{Today}' OR (decided_on IS NOT NULL AND (decided_on < opened_on OR decided_on >= '{Today}')) OR ((decided_on IS NULL) <> (status = 'PENDING'))");
        var types = data.Scalar("SELECT count(DISTINCT benefit_type) FROM welfare.benefit_cases");

        Assert.Equal(0, pensionsUnder80);
        Assert.Equal(0, nutritionForOver6);
        Assert.Equal(0, badDates);
        Assert.Equal(5, types);
    }

    [Fact]
    public void Active_land_shares_add_up_to_100_per_parcel_and_are_held_by_living_adult_members_of_a_household_in_that_commune()
    {
        var badSums = data.Scalar(
            "SELECT count(*) FROM (SELECT parcel_id, sum(share_percent) s FROM land.land_use_rights WHERE status = 'ACTIVE' GROUP BY parcel_id HAVING abs(s - 100) > 0.0001)");
        var badHolders = data.Scalar(
            $"""
            SELECT count(*) FROM land.land_use_rights r
            JOIN land.land_parcels p ON p.parcel_id = r.parcel_id
            JOIN citizens c ON c.personal_id = r.holder_personal_id
            JOIN households h ON h.household_id = c.household_id
            WHERE r.status = 'ACTIVE'
              AND (c.date_of_death IS NOT NULL OR c.date_of_birth > date('{Today}', '-18 years') OR h.commune <> p.commune
                   OR r.issued_on < date(c.date_of_birth, '+18 years') OR r.issued_on >= '{Today}')
            """);
        var cancelledAfterDeath = data.Scalar(
            "SELECT count(*) FROM land.land_use_rights r JOIN citizens c ON c.personal_id = r.holder_personal_id WHERE r.status = 'CANCELLED' AND (c.date_of_death IS NULL OR r.issued_on >= c.date_of_death)");
        var householdsWithLand = data.Scalar(
            "SELECT count(DISTINCT c.household_id) FROM land.land_use_rights r JOIN citizens c ON c.personal_id = r.holder_personal_id");

        Assert.Equal(0, badSums);
        Assert.Equal(0, badHolders);
        Assert.Equal(0, cancelledAfterDeath);
        Assert.InRange(householdsWithLand * 100.0 / data.Summary.Households, 60, 80);
    }

    [Fact]
    public void Progress_is_reported_for_each_stage_in_order_at_least_every_percent_and_reaches_the_total()
    {
        var reports = data.Progress.Reports;

        Assert.Equal(["citizens", "land", "welfare", "indexes"], reports.Select(r => r.Stage).Distinct());
        foreach (var stage in reports.GroupBy(r => r.Stage))
        {
            var list = stage.ToList();
            var total = list[0].Total;
            Assert.All(list, r => Assert.Equal(total, r.Total));
            Assert.Equal(0, list[0].Done);
            Assert.Equal(total, list[^1].Done);

            // No gap wider than 1% of the stage, plus one household's worth of citizens.
            var allowedGap = Math.Max(1, total / 100) + 10;
            for (var i = 1; i < list.Count; i++)
            {
                Assert.InRange(list[i].Done - list[i - 1].Done, 0, allowedGap);
            }
        }

        Assert.Equal(SeededDemoData.Citizens, reports.First(r => r.Stage == "citizens").Total);
        Assert.Equal(data.Summary.Households, reports.First(r => r.Stage == "land").Total);
    }

    [Fact]
    public void Each_database_records_how_it_was_seeded()
    {
        foreach (var schema in (string[])["main", "land", "welfare"])
        {
            var info = data.Rows($"SELECT key, value FROM {schema}.seed_info").ToDictionary(r => (string)r[0]!, r => (string?)r[1]);

            Assert.Equal("2000", info["citizens"]);
            Assert.Equal("20261125", info["random_seed"]);
            Assert.Equal(PopulationGenerator.Version, info["generator_version"]);
        }

        Assert.True(DemoDataSeeder.IsSeeded(data.Directory));
    }
}
