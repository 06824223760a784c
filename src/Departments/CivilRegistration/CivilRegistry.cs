using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DataHub.Departments.CivilRegistration;

/// <summary>A birth registration as the service returns it: what the birth certificate carries.</summary>
public sealed record BirthRecord(
    string RegistrationNumber, string ChildPersonalId, string? FatherPersonalId, string? MotherPersonalId, string Place, DateOnly RegisteredOn,
    string ChildFullName, DateOnly DateOfBirth, string Sex);

/// <summary>A death registration as the service returns it.</summary>
public sealed record DeathRecord(string RegistrationNumber, string PersonalId, DateOnly DateOfDeath, string Place, DateOnly RegisteredOn);

/// <summary>A marriage registration as the service returns it.</summary>
public sealed record MarriageRecord(
    string RegistrationNumber, string HusbandPersonalId, string WifePersonalId, string Place, DateOnly RegisteredOn);

/// <summary>
/// Reads the civil registry's SQLite file. Every look-up takes a whole batch of keys as one JSON array parameter
/// (<c>IN (SELECT value FROM json_each($keys))</c>): one query per batch, no SQL built from values.
/// </summary>
public sealed class CivilRegistry(string databaseFile)
{
    /// <summary>The most keys one request may carry.</summary>
    public const int MaxKeys = 5_000;

    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly }.ToString();

    public Task<List<BirthRecord>> BirthsByChildIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        QueryAsync(
            "SELECT registration_number, child_personal_id, father_personal_id, mother_personal_id, place, registered_on, " +
            "child_full_name, date_of_birth, sex " +
            "FROM birth_registrations WHERE child_personal_id IN (SELECT value FROM json_each($keys)) ORDER BY registration_number",
            ids,
            r => new BirthRecord(
                r.GetString(0), r.GetString(1), Text(r, 2), Text(r, 3), r.GetString(4), Date(r, 5), r.GetString(6), Date(r, 7), r.GetString(8)),
            ct);

    public Task<List<DeathRecord>> DeathsByPersonalIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        QueryAsync(
            "SELECT registration_number, personal_id, date_of_death, place, registered_on " +
            "FROM death_registrations WHERE personal_id IN (SELECT value FROM json_each($keys)) ORDER BY registration_number",
            ids,
            r => new DeathRecord(r.GetString(0), r.GetString(1), Date(r, 2), r.GetString(3), Date(r, 4)),
            ct);

    public Task<List<MarriageRecord>> MarriagesBySpouseIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        QueryAsync(
            "SELECT registration_number, husband_personal_id, wife_personal_id, place, registered_on FROM marriage_registrations " +
            "WHERE husband_personal_id IN (SELECT value FROM json_each($keys)) OR wife_personal_id IN (SELECT value FROM json_each($keys)) " +
            "ORDER BY registration_number",
            ids,
            Marriage,
            ct);

    public Task<List<MarriageRecord>> MarriagesByNumbersAsync(IReadOnlyCollection<string> numbers, CancellationToken ct) =>
        QueryAsync(
            "SELECT registration_number, husband_personal_id, wife_personal_id, place, registered_on FROM marriage_registrations " +
            "WHERE registration_number IN (SELECT value FROM json_each($keys)) ORDER BY registration_number",
            numbers,
            Marriage,
            ct);

    /// <summary>Whether the file answers.</summary>
    public async Task<bool> IsReadableAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM birth_registrations WHERE rowid = 1";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyCollection<string> keys, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        if (keys.Count > MaxKeys)
        {
            throw new ArgumentException($"At most {MaxKeys} keys per request.", nameof(keys));
        }

        var rows = new List<T>();
        if (keys.Count == 0)
        {
            return rows;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static MarriageRecord Marriage(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Date(r, 4));

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateOnly Date(SqliteDataReader r, int i) =>
        DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
