using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData;

/// <summary>
/// Writes the databases of the two demo department services (civil-registration.db for the Department of Justice,
/// health-insurance.db for the Provincial Social Security) from the same <see cref="SeedOptions"/> as population.db:
/// the population is regenerated, not read, so the departments hold exactly the citizens the hub's population holds.
/// </summary>
public static class DepartmentDataSeeder
{
    public const string CivilRegistrationFile = "civil-registration.db";
    public const string HealthInsuranceFile = "health-insurance.db";

    /// <summary>
    /// The layout of the department files: a file of another layout is written again. 2: insurance cards carry the
    /// holder's name, date of birth and sex, and their last update. 3: the indexes of the services' aggregates.
    /// </summary>
    public const string FilesVersion = "3";

    public const string CivilRegistrationSchema = """
        CREATE TABLE birth_registrations (
          registration_number TEXT PRIMARY KEY, child_personal_id TEXT NOT NULL,
          father_personal_id TEXT NULL, mother_personal_id TEXT NULL,
          place TEXT NOT NULL, registered_on TEXT NOT NULL,
          child_full_name TEXT NOT NULL, date_of_birth TEXT NOT NULL,
          sex TEXT NOT NULL);                       -- MALE | FEMALE, as on the birth certificate
        CREATE TABLE death_registrations (
          registration_number TEXT PRIMARY KEY, personal_id TEXT NOT NULL,
          date_of_death TEXT NOT NULL, place TEXT NOT NULL, registered_on TEXT NOT NULL);
        CREATE TABLE marriage_registrations (
          registration_number TEXT PRIMARY KEY, husband_personal_id TEXT NOT NULL, wife_personal_id TEXT NOT NULL,
          place TEXT NOT NULL, registered_on TEXT NOT NULL);
        """;

    public const string HealthInsuranceSchema = """
        CREATE TABLE insurance_cards (
          card_number TEXT PRIMARY KEY, holder_personal_id TEXT NOT NULL,
          holder_full_name TEXT NULL, holder_date_of_birth TEXT NULL,  -- as printed on the card
          holder_sex TEXT NULL,                     -- Nam | Nữ
          beneficiary_group TEXT NOT NULL,          -- the code on the card: TE | HS | DN | HT | BT | GD
          benefit_level INTEGER NOT NULL,           -- 1..5 (mức hưởng)
          state_funded INTEGER NOT NULL,            -- 1 when the state budget pays the contribution
          valid_from TEXT NOT NULL, valid_to TEXT NULL,
          hospital_code TEXT NOT NULL, hospital_name TEXT NOT NULL,   -- where the holder registered for first care
          updated_on TEXT NULL);                    -- the day the record was last updated (issued, renewed, checked)
        """;

    private static readonly string[] _civilIndexes =
    [
        "CREATE INDEX ix_birth_child ON birth_registrations(child_personal_id);",
        "CREATE INDEX ix_death_person ON death_registrations(personal_id);",
        "CREATE INDEX ix_marriage_husband ON marriage_registrations(husband_personal_id);",
        "CREATE INDEX ix_marriage_wife ON marriage_registrations(wife_personal_id);",

        // The service's own aggregates (issue 15): covering indexes of what they group and filter by, and the key.
        "CREATE INDEX ix_birth_statistics ON birth_registrations(date_of_birth, registered_on, sex, child_personal_id);",
        "CREATE INDEX ix_death_statistics ON death_registrations(date_of_death, registered_on, personal_id);",
    ];

    private static readonly string[] _insuranceIndexes =
    [
        "CREATE INDEX ix_cards_holder ON insurance_cards(holder_personal_id);",
        "CREATE INDEX ix_cards_statistics ON insurance_cards(beneficiary_group, benefit_level, state_funded, valid_to, holder_personal_id);",
    ];

    /// <summary>Writes civil-registration.db into <paramref name="directory"/> (replacing it); returns the rows written.</summary>
    public static int SeedCivilRegistration(string directory, SeedOptions options)
    {
        var generator = new CivilRegistrationGenerator(options);
        return Write(directory, CivilRegistrationFile, DiscrepancyKinds.CivilRegistration, CivilRegistrationSchema, _civilIndexes, options, db =>
        {
            var births = db.Prepare("birth_registrations", "registration_number", "child_personal_id", "father_personal_id",
                "mother_personal_id", "place", "registered_on", "child_full_name", "date_of_birth", "sex");
            var deaths = db.Prepare("death_registrations", "registration_number", "personal_id", "date_of_death", "place", "registered_on");
            var marriages = db.Prepare("marriage_registrations", "registration_number", "husband_personal_id", "wife_personal_id",
                "place", "registered_on");
            var rows = 0;
            foreach (var household in new PopulationGenerator(options).Generate())
            {
                var records = generator.ForHousehold(household);
                foreach (var b in records.Births)
                {
                    births.Insert(b.RegistrationNumber, b.ChildId.Value, b.FatherId?.Value, b.MotherId?.Value, b.Place, b.RegisteredOn,
                        b.ChildFullName, b.DateOfBirth, EnumCode.Of(b.Sex));
                }

                foreach (var d in records.Deaths)
                {
                    deaths.Insert(d.RegistrationNumber, d.DeceasedId.Value, d.DateOfDeath, d.Place, d.RegisteredOn);
                }

                foreach (var m in records.Marriages)
                {
                    marriages.Insert(m.RegistrationNumber, m.HusbandId.Value, m.WifeId.Value, m.Place, m.RegisteredOn);
                }

                rows += records.Births.Count + records.Deaths.Count + records.Marriages.Count;
            }

            return rows;
        });
    }

    /// <summary>Writes health-insurance.db into <paramref name="directory"/> (replacing it); returns the cards written.</summary>
    public static int SeedHealthInsurance(string directory, SeedOptions options)
    {
        var generator = new HealthInsuranceGenerator(options);
        return Write(directory, HealthInsuranceFile, DiscrepancyKinds.HealthInsurance, HealthInsuranceSchema, _insuranceIndexes, options, db =>
        {
            var cards = db.Prepare("insurance_cards", "card_number", "holder_personal_id", "holder_full_name", "holder_date_of_birth",
                "holder_sex", "beneficiary_group", "benefit_level", "state_funded", "valid_from", "valid_to", "hospital_code", "hospital_name",
                "updated_on");
            var rows = 0;
            foreach (var household in new PopulationGenerator(options).Generate())
            {
                foreach (var c in generator.ForHousehold(household))
                {
                    cards.Insert(c.CardNumber, c.HolderId.Value, c.HolderName, c.HolderDateOfBirth, HealthInsuranceGenerator.SexCode(c.HolderSex),
                        HealthInsuranceGenerator.GroupCode(c.Group), c.BenefitLevel, c.StateFunded ? 1 : 0, c.ValidFrom, c.ValidTo, c.HospitalCode,
                        c.Hospital, c.UpdatedOn);
                    rows++;
                }
            }

            return rows;
        });
    }

    /// <summary>True when <paramref name="file"/> in <paramref name="directory"/> was written from exactly these options.</summary>
    public static bool IsSeeded(string directory, string file, SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = ReadSeedInfo(Path.Combine(directory, file));
        return info is not null
            && info.GetValueOrDefault("citizens") == options.Citizens.ToString(CultureInfo.InvariantCulture)
            && info.GetValueOrDefault("random_seed") == options.RandomSeed.ToString(CultureInfo.InvariantCulture)
            && info.GetValueOrDefault("generator_version") == PopulationGenerator.Version
            && info.GetValueOrDefault("files_version") == FilesVersion
            && RateOf(info) == options.DiscrepancyRate;
    }

    /// <summary>
    /// The options population.db (or any demo file) was written from, read from its seed_info table; null when the
    /// file is missing or not a demo database. Department services use it to match the hub's population.
    /// </summary>
    public static SeedOptions? ReadSeedOptions(string databaseFile)
    {
        var info = ReadSeedInfo(databaseFile);
        return info is not null
            && int.TryParse(info.GetValueOrDefault("citizens"), NumberStyles.None, CultureInfo.InvariantCulture, out var citizens)
            && int.TryParse(info.GetValueOrDefault("random_seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? new SeedOptions(citizens, seed, RateOf(info))
            : null;
    }

    // Files written before discrepancies existed hold none.
    private static double RateOf(Dictionary<string, string> info) =>
        double.TryParse(info.GetValueOrDefault("discrepancy_rate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate : 0;

    private static Dictionary<string, string>? ReadSeedInfo(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(SqliteWriter.ConnectionString(path, SqliteOpenMode.ReadOnly));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key, value FROM seed_info";
            using var reader = command.ExecuteReader();
            var info = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                info[reader.GetString(0)] = reader.GetString(1);
            }

            return info;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    // Built as *.tmp and moved into place, so a reader never sees a half-written file.
    private static int Write(
        string directory, string file, string database, string schema, string[] indexes, SeedOptions options, Func<SqliteWriter, int> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        var tmp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        int rows;
        try
        {
            using (var db = SqliteWriter.Create(tmp, schema))
            {
                rows = fill(db);
                db.WriteSeedInfo(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["citizens"] = options.Citizens.ToString(CultureInfo.InvariantCulture),
                    ["random_seed"] = options.RandomSeed.ToString(CultureInfo.InvariantCulture),
                    ["generator_version"] = PopulationGenerator.Version,
                    ["files_version"] = FilesVersion,
                    ["discrepancy_rate"] = options.DiscrepancyRate.ToString("R", CultureInfo.InvariantCulture),
                    ["reference_date"] = DemoCalendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["rows"] = rows.ToString(CultureInfo.InvariantCulture),
                });
                foreach (var sql in indexes)
                {
                    db.ExecuteAndCommit(sql);
                }

                db.Finish();
            }

            DiscrepancyInjector.Apply(tmp, database, DiscrepancyPlan.Build(options));

            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            SqliteWriter.DeleteWithCompanions(tmp);
            throw;
        }

        return rows;
    }
}
