using DataHub.SyntheticData;

namespace DataHub.SyntheticData.Tests;

/// <summary>Determinism, file handling and progress of <see cref="DemoDataSeeder"/>.</summary>
public class SeedingTests
{
    [Fact]
    public void Seeding_twice_with_the_same_options_gives_identical_rows()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var options = new SeedOptions(2_000, RandomSeed: 7);

        DemoDataSeeder.Seed(first.Path, options);
        DemoDataSeeder.Seed(second.Path, options);

        foreach (var (table, orderBy) in DemoDb.AllTables)
        {
            Assert.Equal(DemoDb.TableHash(first.Path, table, orderBy), DemoDb.TableHash(second.Path, table, orderBy));
        }
    }

    [Fact]
    public void A_different_seed_gives_different_rows()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        DemoDataSeeder.Seed(first.Path, new SeedOptions(2_000, RandomSeed: 7));
        DemoDataSeeder.Seed(second.Path, new SeedOptions(2_000, RandomSeed: 8));

        foreach (var (table, orderBy) in DemoDb.AllTables)
        {
            Assert.NotEqual(DemoDb.TableHash(first.Path, table, orderBy), DemoDb.TableHash(second.Path, table, orderBy));
        }
    }

    [Fact]
    public void The_population_generator_regenerates_exactly_the_citizens_in_population_db()
    {
        using var directory = new TempDirectory();
        var options = new SeedOptions(1_500, RandomSeed: 99);
        DemoDataSeeder.Seed(directory.Path, options);

        var regenerated = new PopulationGenerator(options).Generate()
            .SelectMany(h => h.Members)
            .Select(c => $"{c.Id}|{c.FullName}|{c.DateOfBirth:yyyy-MM-dd}|{c.HouseholdId}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var stored = DemoDb.Rows(directory.Path, "SELECT personal_id, full_name, date_of_birth, household_id FROM citizens")
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(1_500, regenerated.Count);
        Assert.Equal(stored, regenerated);
    }

    [Fact]
    public void Seeding_writes_exactly_the_requested_number_of_citizens_and_summarises_the_row_counts()
    {
        using var directory = new TempDirectory();

        var summary = DemoDataSeeder.Seed(directory.Path, new SeedOptions(1_234, RandomSeed: 5));

        Assert.Equal(1_234, summary.Citizens);
        Assert.Equal(1_234, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM citizens"));
        Assert.Equal(summary.Households, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM households"));
        Assert.Equal(summary.LandParcels, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM land.land_parcels"));
        Assert.Equal(summary.LandUseRights, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM land.land_use_rights"));
        Assert.Equal(summary.BenefitCases, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM welfare.benefit_cases"));
        Assert.True(summary.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public void Reseeding_replaces_the_files_and_leaves_no_temporary_or_journal_files()
    {
        using var directory = new TempDirectory();
        DemoDataSeeder.Seed(directory.Path, new SeedOptions(800, RandomSeed: 1));

        DemoDataSeeder.Seed(directory.Path, new SeedOptions(600, RandomSeed: 2));

        Assert.True(DemoDataSeeder.IsSeeded(directory.Path));
        Assert.Equal(600, DemoDb.Scalar(directory.Path, "SELECT count(*) FROM citizens"));
        Assert.Equal(2, DemoDb.Scalar(directory.Path, "SELECT CAST(value AS INTEGER) FROM seed_info WHERE key = 'random_seed'"));
        var files = Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["discrepancies.json", "land.db", "population.db", "social-welfare.db"], files); // the manifest: none damaged here
    }

    [Fact]
    public void A_cancelled_seeding_keeps_the_previous_files_and_removes_its_temporary_ones()
    {
        using var directory = new TempDirectory();
        DemoDataSeeder.Seed(directory.Path, new SeedOptions(500, RandomSeed: 1));
        var before = DemoDb.TableHash(directory.Path, "citizens", "personal_id");
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAt("land", cancellation);

        Assert.ThrowsAny<OperationCanceledException>(
            () => DemoDataSeeder.Seed(directory.Path, new SeedOptions(900, RandomSeed: 2), progress, cancellation.Token));

        Assert.True(DemoDataSeeder.IsSeeded(directory.Path));
        Assert.Equal(before, DemoDb.TableHash(directory.Path, "citizens", "personal_id"));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp*"));
    }

    [Fact]
    public void IsSeeded_is_false_for_an_empty_directory_a_missing_file_or_a_file_that_is_not_a_database()
    {
        using var directory = new TempDirectory();
        Assert.False(DemoDataSeeder.IsSeeded(directory.Path));

        DemoDataSeeder.Seed(directory.Path, new SeedOptions(300));
        Assert.True(DemoDataSeeder.IsSeeded(directory.Path));

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.WriteAllText(directory.File(DemoDataSeeder.LandFile), "not a database");
        Assert.False(DemoDataSeeder.IsSeeded(directory.Path));

        File.Delete(directory.File(DemoDataSeeder.LandFile));
        Assert.False(DemoDataSeeder.IsSeeded(directory.Path));
    }

    [Fact]
    public void Options_with_no_citizens_are_refused()
    {
        using var directory = new TempDirectory();

        Assert.Throws<ArgumentOutOfRangeException>(() => DemoDataSeeder.Seed(directory.Path, new SeedOptions(0)));
    }

    /// <summary>Cancels the token as soon as a given stage starts.</summary>
    private sealed class CancelAt(string stage, CancellationTokenSource cancellation) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value)
        {
            if (value.Stage == stage)
            {
                cancellation.Cancel();
            }
        }
    }
}
