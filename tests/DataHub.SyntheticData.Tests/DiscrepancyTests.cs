using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData.Tests;

/// <summary>The injected discrepancies: deterministic, at the asked rate, and exactly what the manifest lists.</summary>
public sealed class DiscrepancyTests
{
    private const int Citizens = 3_000;

    [Fact]
    public void The_same_options_damage_the_same_records()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var options = new SeedOptions(Citizens, DiscrepancyRate: 0.02);

        DemoDataSeeder.Seed(a.Path, options);
        DemoDataSeeder.Seed(b.Path, options);

        var first = DiscrepancyManifest.Read(a.File(DiscrepancyManifest.FileName));
        Assert.NotEmpty(first.Entries);
        Assert.Equal(first.Entries, DiscrepancyManifest.Read(b.File(DiscrepancyManifest.FileName)).Entries);
    }

    [Fact]
    public void A_higher_rate_damages_more_records_and_a_zero_rate_none()
    {
        using var none = new TempDirectory();
        using var low = new TempDirectory();
        using var high = new TempDirectory();

        var zero = DemoDataSeeder.Seed(none.Path, new SeedOptions(Citizens));
        var some = DemoDataSeeder.Seed(low.Path, new SeedOptions(Citizens, DiscrepancyRate: 0.01));
        var more = DemoDataSeeder.Seed(high.Path, new SeedOptions(Citizens, DiscrepancyRate: 0.05));

        Assert.Equal(0, zero.Discrepancies);
        Assert.Empty(DiscrepancyManifest.Read(none.File(DiscrepancyManifest.FileName)).Entries);
        Assert.InRange(some.Discrepancies, 1, more.Discrepancies - 1);
    }

    [Fact]
    public void The_department_databases_hold_exactly_the_damage_the_manifest_lists_for_them()
    {
        using var data = new TempDirectory();
        var options = new SeedOptions(Citizens, DiscrepancyRate: 0.05);
        DemoDataSeeder.Seed(data.Path, options);
        var manifest = DiscrepancyManifest.Read(data.File(DiscrepancyManifest.FileName));
        var departments = Path.Combine(data.Path, "departments");

        DepartmentDataSeeder.SeedCivilRegistration(departments, options);
        DepartmentDataSeeder.SeedHealthInsurance(departments, options);

        // What a clean seed holds, against what the damaged one holds: every difference is a manifest entry.
        using var clean = new TempDirectory();
        DepartmentDataSeeder.SeedCivilRegistration(clean.Path, options with { DiscrepancyRate = 0 });
        DepartmentDataSeeder.SeedHealthInsurance(clean.Path, options with { DiscrepancyRate = 0 });
        var changedCards = Changed(clean.File(DepartmentDataSeeder.HealthInsuranceFile), Path.Combine(departments, DepartmentDataSeeder.HealthInsuranceFile),
            "SELECT holder_personal_id || '|' || card_number || '|' || IFNULL(valid_to, '') || '|' || IFNULL(holder_full_name, '') || '|' || " +
            "IFNULL(holder_date_of_birth, '') || '|' || IFNULL(holder_sex, '') || '|' || IFNULL(updated_on, '') FROM insurance_cards");
        var changedBirths = Changed(clean.File(DepartmentDataSeeder.CivilRegistrationFile), Path.Combine(departments, DepartmentDataSeeder.CivilRegistrationFile),
            "SELECT registration_number || '|' || child_personal_id || '|' || IFNULL(father_personal_id, '') FROM birth_registrations");
        var changedDeaths = Changed(clean.File(DepartmentDataSeeder.CivilRegistrationFile), Path.Combine(departments, DepartmentDataSeeder.CivilRegistrationFile),
            "SELECT personal_id || '|' || date_of_death FROM death_registrations");

        Assert.Equal(
            manifest.Entries.Where(e => e.Database == DiscrepancyKinds.HealthInsurance).Select(e => e.PersonalId).Distinct().Order(),
            changedCards.Select(row => row.Split('|')[0]).Distinct().Order());
        Assert.Equal(
            manifest.Entries.Where(e => e.Rule is "correct.birth-registration-parents" or "complete.birth-registration-without-citizen").Count(),
            changedBirths.Count / 2);
        Assert.Equal(
            manifest.Entries.Where(e => e.Rule == "correct.death-date").Select(e => e.PersonalId).Order(),
            changedDeaths.Select(row => row.Split('|')[0]).Distinct().Order());
    }

    /// <summary>Rows in one file and not the other, both ways.</summary>
    private static List<string> Changed(string before, string after, string sql)
    {
        var a = Read(before, sql);
        var b = Read(after, sql);
        return [.. a.Except(b), .. b.Except(a)];
    }

    private static HashSet<string> Read(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
