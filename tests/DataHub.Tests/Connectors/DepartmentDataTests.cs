using DataHub.Domain;
using DataHub.SyntheticData;

namespace DataHub.Tests.Connectors;

/// <summary>The department services' data agrees with population, because it is generated from the same seed.</summary>
public sealed class DepartmentDataTests
{
    private static readonly SeedOptions Options = new(3_000, RandomSeed: 7);

    [Fact]
    public void Every_citizen_has_one_birth_registration_naming_the_parents_and_place_population_knows()
    {
        var (households, civil, _) = Generate();

        var births = civil.SelectMany(r => r.Births).ToDictionary(b => b.ChildId);
        var citizens = households.SelectMany(h => h.Members).ToList();

        Assert.Equal(citizens.Count, births.Count);
        Assert.All(citizens, c =>
        {
            var birth = births[c.Id];
            Assert.Equal(c.BirthRegistrationPlace, birth.Place);
            Assert.Equal(c.FatherId, birth.FatherId);
            Assert.Equal(c.MotherId, birth.MotherId);
            Assert.InRange(birth.RegisteredOn, c.DateOfBirth, DemoCalendar.Today);
        });
    }

    [Fact]
    public void Every_dead_citizen_and_only_they_have_a_death_registration_on_their_date_of_death()
    {
        var (households, civil, _) = Generate();

        var deaths = civil.SelectMany(r => r.Deaths).ToDictionary(d => d.DeceasedId);
        var dead = households.SelectMany(h => h.Members).Where(c => !c.IsAlive).ToList();

        Assert.NotEmpty(dead);
        Assert.Equal(dead.Count, deaths.Count);
        Assert.All(dead, c => Assert.Equal(c.DateOfDeath, deaths[c.Id].DateOfDeath));
    }

    [Fact]
    public void Every_couple_has_one_marriage_registration_after_both_came_of_age_and_before_their_first_child()
    {
        var (households, civil, _) = Generate();

        var marriages = civil.SelectMany(r => r.Marriages).ToList();
        var couples = households.SelectMany(h => h.Members.Where(m => m.Sex == Sex.Male && h.Find(m.SpouseId) is not null)
            .Select(m => (Household: h, Husband: m, Wife: h.Find(m.SpouseId)!))).ToList();

        Assert.NotEmpty(couples);
        Assert.Equal(couples.Count, marriages.Count);
        Assert.All(couples, couple =>
        {
            var marriage = Assert.Single(marriages, m => m.HusbandId == couple.Husband.Id);
            Assert.Equal(couple.Wife.Id, marriage.WifeId);
            Assert.True(marriage.RegisteredOn >= couple.Wife.DateOfBirth.AddYears(18));
            var firstChild = couple.Household.Members.Where(c => c.FatherId == couple.Husband.Id && c.MotherId == couple.Wife.Id)
                .Select(c => (DateOnly?)c.DateOfBirth).Min();
            Assert.True(firstChild is null || marriage.RegisteredOn < firstChild);
        });
    }

    [Fact]
    public void Every_living_child_under_six_holds_a_valid_free_card_and_the_dead_hold_none()
    {
        var (households, _, cards) = Generate();

        var byHolder = cards.GroupBy(c => c.HolderId).ToDictionary(g => g.Key, g => Assert.Single(g));
        var citizens = households.SelectMany(h => h.Members).ToList();

        Assert.All(citizens.Where(c => c.IsAlive && c.Age < 6), child =>
        {
            var card = byHolder[child.Id];
            Assert.Equal(BeneficiaryGroup.ChildUnder6, card.Group);
            Assert.True(card.StateFunded);
            Assert.True(card.ValidFrom <= DemoCalendar.Today && card.ValidTo >= DemoCalendar.Today);
            Assert.StartsWith("TE1", card.CardNumber, StringComparison.Ordinal);
        });
        Assert.All(citizens.Where(c => !c.IsAlive), c => Assert.False(byHolder.ContainsKey(c.Id)));
        Assert.Equal(cards.Count, cards.Select(c => c.CardNumber).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_department_files()
    {
        var first = Path.Combine(Path.GetTempPath(), "datahub-departments-" + Guid.NewGuid().ToString("N"));
        var second = Path.Combine(Path.GetTempPath(), "datahub-departments-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SeedOptions(500);
            Assert.Equal(DepartmentDataSeeder.SeedCivilRegistration(first, options), DepartmentDataSeeder.SeedCivilRegistration(second, options));
            Assert.Equal(DepartmentDataSeeder.SeedHealthInsurance(first, options), DepartmentDataSeeder.SeedHealthInsurance(second, options));
            Assert.True(DepartmentDataSeeder.IsSeeded(first, DepartmentDataSeeder.CivilRegistrationFile, options));
            Assert.False(DepartmentDataSeeder.IsSeeded(first, DepartmentDataSeeder.CivilRegistrationFile, new SeedOptions(500, 1)));
            Assert.Equal(Rows(first, DepartmentDataSeeder.HealthInsuranceFile, "insurance_cards"), Rows(second, DepartmentDataSeeder.HealthInsuranceFile, "insurance_cards"));
            Assert.Equal(Rows(first, DepartmentDataSeeder.CivilRegistrationFile, "marriage_registrations"),
                Rows(second, DepartmentDataSeeder.CivilRegistrationFile, "marriage_registrations"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    private static (List<Household> Households, List<CivilRecords> Civil, List<InsuranceCard> Cards) Generate()
    {
        var civil = new CivilRegistrationGenerator(Options);
        var insurance = new HealthInsuranceGenerator(Options);
        var households = new PopulationGenerator(Options).Generate().ToList();
        return (households, households.Select(civil.ForHousehold).ToList(), households.SelectMany(insurance.ForHousehold).ToList());
    }

    private static List<string> Rows(string directory, string file, string table)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, file)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
        }

        return rows;
    }
}
