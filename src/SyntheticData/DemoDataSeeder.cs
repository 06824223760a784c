using System.Diagnostics;
using System.Globalization;
using DataHub.Domain;
using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData;

/// <summary>
/// Writes the demo's three source databases (population.db, land.db, social-welfare.db) from one seed.
/// </summary>
/// <remarks>
/// The population is generated once per stage rather than kept in memory: regenerating a million citizens takes a
/// few seconds, and memory stays flat whatever the size. Files are built as *.tmp and moved into place only when all
/// three are complete, so a failed or cancelled run leaves the previous files untouched.
/// </remarks>
public static class DemoDataSeeder
{
    public const string PopulationFile = "population.db";
    public const string LandFile = "land.db";
    public const string WelfareFile = "social-welfare.db";

    private static readonly string[] _files = [PopulationFile, LandFile, WelfareFile];

    public static SeedSummary Seed(string dataDirectory, SeedOptions options, IProgress<SeedProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(dataDirectory);
        var finalPaths = _files.Select(f => Path.Combine(dataDirectory, f)).ToArray();
        var tmpPaths = finalPaths.Select(p => p + ".tmp").ToArray();
        var generator = new PopulationGenerator(options);

        int households, parcels, rights, cases;
        DiscrepancyManifest manifest;
        try
        {
            using var population = SqliteWriter.Create(tmpPaths[0], DemoSchema.Population);
            using var land = SqliteWriter.Create(tmpPaths[1], DemoSchema.Land);
            using var welfare = SqliteWriter.Create(tmpPaths[2], DemoSchema.Welfare);

            households = WritePopulation(population, generator, options, progress, ct);
            (parcels, rights) = WriteLand(land, generator, new LandGenerator(options), households, progress, ct);
            cases = WriteWelfare(welfare, generator, new WelfareGenerator(options), households, progress, ct);

            population.WriteSeedInfo(SeedInfo(options, ("households", households)));
            land.WriteSeedInfo(SeedInfo(options, ("land_parcels", parcels), ("land_use_rights", rights)));
            welfare.WriteSeedInfo(SeedInfo(options, ("benefit_cases", cases)));

            var indexes = DemoSchema.PopulationIndexes.Select(sql => (population, sql))
                .Concat(DemoSchema.LandIndexes.Select(sql => (land, sql)))
                .Concat(DemoSchema.WelfareIndexes.Select(sql => (welfare, sql)))
                .ToList();
            var stage = new StageProgress(progress, "indexes", indexes.Count);
            foreach (var (writer, sql) in indexes)
            {
                ct.ThrowIfCancellationRequested();
                writer.ExecuteAndCommit(sql);
                stage.Advance();
            }

            population.Finish();
            land.Finish();
            welfare.Finish();
            manifest = InjectDiscrepancies(options, tmpPaths);
        }
        catch
        {
            foreach (var tmp in tmpPaths)
            {
                SqliteWriter.DeleteWithCompanions(tmp);
            }

            throw;
        }

        for (var i = 0; i < finalPaths.Length; i++)
        {
            // A leftover WAL of the old file would be replayed into the new one: remove it before the swap.
            File.Delete(finalPaths[i] + "-wal");
            File.Delete(finalPaths[i] + "-shm");
            File.Move(tmpPaths[i], finalPaths[i], overwrite: true);
        }

        manifest.Write(Path.Combine(dataDirectory, DiscrepancyManifest.FileName));
        return new SeedSummary(options.Citizens, households, parcels, rights, cases, stopwatch.Elapsed) { Discrepancies = manifest.Entries.Count };
    }

    /// <summary>
    /// Damages the three new files as the plan says, and writes down the department services' part of the plan as well
    /// (they apply it to their own files when they seed; every one of their kinds always finds its record).
    /// </summary>
    private static DiscrepancyManifest InjectDiscrepancies(SeedOptions options, string[] tmpPaths)
    {
        var plan = DiscrepancyPlan.Build(options);
        var entries = new List<DiscrepancyEntry>();
        entries.AddRange(DiscrepancyInjector.Apply(tmpPaths[0], DiscrepancyKinds.Population, plan));
        entries.AddRange(DiscrepancyInjector.Apply(tmpPaths[1], DiscrepancyKinds.Land, plan));
        entries.AddRange(DiscrepancyInjector.Apply(tmpPaths[2], DiscrepancyKinds.Welfare, plan));
        entries.AddRange(plan
            .Where(p => p.Kind.Database is DiscrepancyKinds.CivilRegistration or DiscrepancyKinds.HealthInsurance)
            .Select(p => new DiscrepancyEntry(p.Kind.Rule, p.Kind.Database, p.Kind.Owner, p.PersonalId, p.PersonalId, p.Kind.Change)));
        return new DiscrepancyManifest(options.Citizens, options.RandomSeed, options.DiscrepancyRate,
            entries.OrderBy(e => e.Rule, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>True when all three files exist and each has a row in seed_info.</summary>
    public static bool IsSeeded(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        foreach (var file in _files)
        {
            var path = Path.Combine(dataDirectory, file);
            if (!File.Exists(path))
            {
                return false;
            }

            try
            {
                using var connection = new SqliteConnection(SqliteWriter.ConnectionString(path, SqliteOpenMode.ReadOnly));
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT EXISTS (SELECT 1 FROM seed_info)";
                if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                {
                    return false;
                }
            }
            catch (SqliteException)
            {
                // Not a database, or no seed_info table: not seeded.
                return false;
            }
        }

        return true;
    }

    private static int WritePopulation(SqliteWriter db, PopulationGenerator generator, SeedOptions options, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var householdRows = db.Prepare(
            "households", "household_id", "head_personal_id", "address", "province", "commune", "registered_on");
        var citizenRows = db.Prepare(
            "citizens", "personal_id", "former_id_number", "full_name", "date_of_birth", "sex", "birth_registration_place",
            "hometown", "ethnicity", "religion", "nationality", "marital_status", "permanent_residence", "temporary_residence",
            "current_residence", "father_personal_id", "mother_personal_id", "spouse_personal_id", "household_id",
            "household_head_personal_id", "relation_to_household_head", "date_of_death", "blood_type", "phone_number", "email",
            "occupation", "education_level", "id_card_number", "id_card_issued_on", "id_card_issued_by", "id_card_expires_on",
            "electronic_id_level", "legal_representative_personal_id", "face_image_ref", "fingerprint_ref");

        var stage = new StageProgress(progress, "citizens", options.Citizens);
        var households = 0;
        foreach (var household in generator.Generate())
        {
            ct.ThrowIfCancellationRequested();
            households++;
            householdRows.Insert(
                household.Id, household.Head.Id.Value, household.Address, household.Commune.Province.Name,
                household.Commune.Name, household.RegisteredOn);
            foreach (var c in household.Members)
            {
                citizenRows.Insert(
                    c.Id.Value, c.FormerIdNumber, c.FullName, c.DateOfBirth, EnumCode.Of(c.Sex), c.BirthRegistrationPlace,
                    c.Hometown, c.Ethnicity, c.Religion, c.Nationality, EnumCode.Of(c.MaritalStatus), c.PermanentResidence,
                    c.TemporaryResidence, c.CurrentResidence, Text(c.FatherId), Text(c.MotherId), Text(c.SpouseId), c.HouseholdId,
                    Text(c.HouseholdHeadId), c.RelationToHouseholdHead, c.DateOfDeath, c.BloodType, c.PhoneNumber, c.Email,
                    c.Occupation, c.EducationLevel, c.IdCard?.Number, c.IdCard?.IssuedOn, c.IdCard?.IssuedBy, c.IdCard?.ExpiresOn,
                    c.ElectronicIdLevel, Text(c.LegalRepresentativeId), c.FaceImageRef, c.FingerprintRef);
            }

            stage.Advance(household.Members.Count);
        }

        return households;
    }

    private static (int Parcels, int Rights) WriteLand(
        SqliteWriter db, PopulationGenerator population, LandGenerator generator, int households, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var parcelRows = db.Prepare(
            "land_parcels", "parcel_id", "province", "commune", "address", "map_sheet_number", "parcel_number", "area_m2",
            "land_use_type", "land_use_term");
        var rightRows = db.Prepare(
            "land_use_rights", "right_id", "parcel_id", "holder_personal_id", "certificate_number", "issued_on",
            "share_percent", "acquisition", "status");

        var stage = new StageProgress(progress, "land", households);
        int parcels = 0, rights = 0;
        foreach (var household in population.Generate())
        {
            ct.ThrowIfCancellationRequested();
            var holding = generator.ForHousehold(household);
            foreach (var p in holding.Parcels)
            {
                parcelRows.Insert(
                    p.ParcelId, p.Province, p.Commune, p.Address, p.MapSheetNumber, p.ParcelNumber, p.AreaM2,
                    EnumCode.Of(p.LandUseType), p.LandUseTerm);
            }

            foreach (var r in holding.Rights)
            {
                rightRows.Insert(
                    r.RightId, r.ParcelId, r.HolderId.Value, r.CertificateNumber, r.IssuedOn, r.SharePercent,
                    EnumCode.Of(r.Acquisition), EnumCode.Of(r.Status));
            }

            parcels += holding.Parcels.Count;
            rights += holding.Rights.Count;
            stage.Advance();
        }

        return (parcels, rights);
    }

    private static int WriteWelfare(
        SqliteWriter db, PopulationGenerator population, WelfareGenerator generator, int households, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var caseRows = db.Prepare(
            "benefit_cases", "case_id", "beneficiary_personal_id", "benefit_type", "status", "amount_vnd", "opened_on",
            "decided_on", "commune", "deceased_personal_id");

        var stage = new StageProgress(progress, "welfare", households);
        var cases = 0;
        foreach (var household in population.Generate())
        {
            ct.ThrowIfCancellationRequested();
            foreach (var c in generator.ForHousehold(household))
            {
                caseRows.Insert(
                    c.CaseId, c.BeneficiaryId.Value, EnumCode.Of(c.BenefitType), EnumCode.Of(c.Status), c.AmountVnd,
                    c.OpenedOn, c.DecidedOn, c.Commune, Text(c.DeceasedId));
                cases++;
            }

            stage.Advance();
        }

        return cases;
    }

    private static Dictionary<string, string> SeedInfo(SeedOptions options, params (string Key, int Count)[] counts)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["citizens"] = options.Citizens.ToString(CultureInfo.InvariantCulture),
            ["random_seed"] = options.RandomSeed.ToString(CultureInfo.InvariantCulture),
            ["generator_version"] = PopulationGenerator.Version,
            ["discrepancy_rate"] = options.DiscrepancyRate.ToString("R", CultureInfo.InvariantCulture),
            ["reference_date"] = DemoCalendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        foreach (var (key, count) in counts)
        {
            info[key] = count.ToString(CultureInfo.InvariantCulture);
        }

        return info;
    }

    private static string? Text(PersonalId? id) => id?.Value;

    /// <summary>Reports a stage at its start, at every whole percent, and at its end.</summary>
    private sealed class StageProgress
    {
        private readonly IProgress<SeedProgress>? _progress;
        private readonly string _stage;
        private readonly long _total;
        private readonly long _step;
        private long _done;
        private long _nextReport;

        public StageProgress(IProgress<SeedProgress>? progress, string stage, long total)
        {
            _progress = progress;
            _stage = stage;
            _total = total;
            _step = Math.Max(1, total / 100);
            _nextReport = _step;
            _progress?.Report(new SeedProgress(stage, 0, total));
        }

        public void Advance(long count = 1)
        {
            _done += count;
            if (_done >= _nextReport || _done >= _total)
            {
                _progress?.Report(new SeedProgress(_stage, Math.Min(_done, _total), _total));
                _nextReport = ((_done / _step) + 1) * _step;
            }
        }
    }
}
