using System.Globalization;
using DataHub.Domain;
using Microsoft.Data.Sqlite;

namespace DataHub.Departments.CivilRegistration.Filing;

/// <summary>
/// The civil registry's write path: registers a birth (allocating the child's personal ID) or a death in its own
/// database, civil-registration.db. One transaction per filing (BEGIN IMMEDIATE), so two filings at once never take the
/// same number or ID.
/// </summary>
public sealed class CivilRegistryWriter(string databaseFile, TimeProvider clock)
{
    /// <summary>New IDs take serials from here up, above the synthetic population's, skipping any already allocated.</summary>
    private const int FirstSerial = 900_000;

    private const int MaxName = 100;

    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 10 }.ToString();

    public async Task<FilingResult> FileBirthAsync(BirthFiling filing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var name = filing.ChildFullName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxName)
        {
            throw new FilingRefusedException("INVALID_FILING", $"The child's full name is required (at most {MaxName} characters).");
        }

        var today = Today();
        var born = ParseDate(filing.DateOfBirth, "dateOfBirth");
        if (born > today || born < today.AddYears(-100))
        {
            throw new FilingRefusedException("INVALID_FILING", "The date of birth must be a past date.");
        }

        var sex = filing.Sex switch
        {
            "MALE" => Sex.Male,
            "FEMALE" => Sex.Female,
            _ => throw new FilingRefusedException("INVALID_FILING", "The sex must be MALE or FEMALE."),
        };
        var father = OptionalId(filing.FatherPersonalId, "fatherPersonalId");
        var mother = OptionalId(filing.MotherPersonalId, "motherPersonalId");
        if (father is null && mother is null)
        {
            throw new FilingRefusedException("INVALID_FILING", "At least one parent's personal ID is required.");
        }

        var place = filing.Place?.Trim() ?? "";
        var province = Provinces.All.FirstOrDefault(p => place.EndsWith(", " + p.Name, StringComparison.Ordinal) || place.EndsWith(" " + p.FullName, StringComparison.Ordinal))
            ?? throw new FilingRefusedException("INVALID_FILING", "The place must name a commune and its province, e.g. 'Xã Tiên Du, Tỉnh Bắc Ninh'.");

        await using var connection = await OpenAsync(ct);
        using var transaction = connection.BeginTransaction(deferred: false);
        var serial = FirstSerial;
        PersonalId child;
        do
        {
            child = PersonalId.Create(province.Code, born, sex, serial++);
        }
        while (await ExistsAsync(connection, "SELECT 1 FROM birth_registrations WHERE child_personal_id = $v", child.Value, ct));

        var number = await NextNumberAsync(connection, "birth_registrations", "KS", today, ct);
        await ExecuteAsync(
            connection,
            "INSERT INTO birth_registrations (registration_number, child_personal_id, father_personal_id, mother_personal_id, place, registered_on, " +
            "child_full_name, date_of_birth, sex) VALUES ($number, $child, $father, $mother, $place, $on, $name, $born, $sex)",
            ct,
            ("$number", number), ("$child", child.Value), ("$father", father), ("$mother", mother), ("$place", place), ("$on", Iso(today)),
            ("$name", name), ("$born", Iso(born)), ("$sex", filing.Sex));
        transaction.Commit();
        return new FilingResult(number, child.Value, today);
    }

    public async Task<FilingResult> FileDeathAsync(DeathFiling filing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var person = OptionalId(filing.PersonalId, "personalId")
            ?? throw new FilingRefusedException("INVALID_FILING", "The personal ID of the person who died is required.");
        var today = Today();
        var died = ParseDate(filing.DateOfDeath, "dateOfDeath");
        if (died > today)
        {
            throw new FilingRefusedException("INVALID_FILING", "The date of death must not be in the future.");
        }

        var place = filing.Place?.Trim();
        if (string.IsNullOrEmpty(place) || place.Length > MaxName * 2)
        {
            throw new FilingRefusedException("INVALID_FILING", "The place of registration is required.");
        }

        await using var connection = await OpenAsync(ct);
        using var transaction = connection.BeginTransaction(deferred: false);
        if (await ExistsAsync(connection, "SELECT 1 FROM death_registrations WHERE personal_id = $v", person, ct))
        {
            throw new FilingRefusedException("ALREADY_REGISTERED", "A death is already registered for this personal ID.", 409);
        }

        var number = await NextNumberAsync(connection, "death_registrations", "KT", today, ct);
        await ExecuteAsync(
            connection,
            "INSERT INTO death_registrations (registration_number, personal_id, date_of_death, place, registered_on) VALUES ($number, $id, $died, $place, $on)",
            ct,
            ("$number", number), ("$id", person), ("$died", Iso(died)), ("$place", place), ("$on", Iso(today)));
        transaction.Commit();
        return new FilingResult(number, person, today);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>"KS-2026-0012345": the book's running number continues across years, as the seed's does.</summary>
    private static async Task<string> NextNumberAsync(SqliteConnection connection, string table, string book, DateOnly on, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // table is one of this class's constants
        command.CommandText = $"SELECT coalesce(max(CAST(substr(registration_number, 9) AS INTEGER)), 0) FROM {table}";
#pragma warning restore CA2100
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{book}-{on.Year}-{last + 1:D7}");
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string sql, string value, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // one of this class's constants; the value is a parameter
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Parameters.AddWithValue("$v", value);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] values)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // one of this class's constants; the values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (parameter, value) in values)
        {
            command.Parameters.AddWithValue(parameter, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static string? OptionalId(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
            : PersonalId.TryParse(text, out var id, out var problem) ? id.Value
            : throw new FilingRefusedException("INVALID_PERSONAL_ID", $"{name}: {problem}");

    private static DateOnly ParseDate(string? text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FilingRefusedException("INVALID_FILING", $"{name} must be a date written yyyy-MM-dd.");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
