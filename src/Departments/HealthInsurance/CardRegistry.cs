using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace DataHub.Departments.HealthInsurance;

/// <summary>
/// A card as Social Security's API writes it: the field names and the dd/MM/yyyy dates of the BHXH card look-up
/// (mã thẻ, mã định danh, họ tên, ngày sinh, giới tính, đối tượng, mức hưởng, giá trị thẻ từ/đến, nơi đăng ký khám chữa
/// bệnh ban đầu, ngày cập nhật).
/// DataHub maps them to its schema in schema/health-insurance.mapping.json, not in code.
/// </summary>
public sealed record CardJson(
    [property: JsonPropertyName("maThe")] string CardNumber,
    [property: JsonPropertyName("maDinhDanh")] string HolderPersonalId,
    [property: JsonPropertyName("hoTen")] string? FullName,
    [property: JsonPropertyName("ngaySinh")] string? DateOfBirth,
    [property: JsonPropertyName("gioiTinh")] string? Sex,
    [property: JsonPropertyName("doiTuong")] string Group,
    [property: JsonPropertyName("mucHuong")] int BenefitLevel,
    [property: JsonPropertyName("nsnnDong")] bool StateFunded,
    [property: JsonPropertyName("gtTheTu")] string ValidFrom,
    [property: JsonPropertyName("gtTheDen")] string? ValidTo,
    [property: JsonPropertyName("noiDKBD")] HospitalJson Hospital,
    [property: JsonPropertyName("ngayCapNhat")] string? UpdatedOn);

/// <summary>The hospital where the holder registered for first care.</summary>
public sealed record HospitalJson([property: JsonPropertyName("ma")] string Code, [property: JsonPropertyName("ten")] string Name);

/// <summary>Reads health-insurance.db; a batch of keys is one JSON array parameter, so one query per request.</summary>
public sealed class CardRegistry(string databaseFile)
{
    public const int MaxKeys = 5_000;

    private const string Columns =
        "card_number, holder_personal_id, beneficiary_group, benefit_level, state_funded, valid_from, valid_to, hospital_code, hospital_name, " +
        "holder_full_name, holder_date_of_birth, holder_sex, updated_on";

    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly }.ToString();

    public Task<List<CardJson>> ByHoldersAsync(IReadOnlyCollection<string> holderIds, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM insurance_cards WHERE holder_personal_id IN (SELECT value FROM json_each($keys)) ORDER BY card_number",
            holderIds, ct);

    public Task<List<CardJson>> ByNumbersAsync(IReadOnlyCollection<string> cardNumbers, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM insurance_cards WHERE card_number IN (SELECT value FROM json_each($keys)) ORDER BY card_number",
            cardNumbers, ct);

    /// <summary>
    /// How many of these holders have a card in force on <paramref name="validOn"/> (yyyy-MM-dd), and the sum of their
    /// cell keys when <paramref name="keys"/> is given: one query, a count back, never a card.
    /// </summary>
    public async Task<(long Count, long? KeySum)> CountInForceAsync(
        IReadOnlyCollection<string> holderIds, string validOn, DataHub.Departments.Aggregates.AggregateKeys? keys, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT count(*), " + (keys is null ? "NULL" : "sum((CAST(substr(holder_personal_id, length(holder_personal_id) - 6) AS INTEGER) * $km + $ko) % $kn)") +
            " FROM (SELECT DISTINCT holder_personal_id FROM insurance_cards WHERE holder_personal_id IN (SELECT value FROM json_each($keys))" +
            " AND valid_from <= $on AND (valid_to IS NULL OR valid_to >= $on))";
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(holderIds));
        command.Parameters.AddWithValue("$on", validOn);
        if (keys is not null)
        {
            command.Parameters.AddWithValue("$km", keys.Multiplier);
            command.Parameters.AddWithValue("$ko", keys.Offset);
            command.Parameters.AddWithValue("$kn", keys.Modulus);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? (keys is null ? null : 0) : reader.GetInt64(1));
    }

    public async Task<bool> IsReadableAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM insurance_cards WHERE rowid = 1";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task<List<CardJson>> QueryAsync(string sql, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var cards = new List<CardJson>();
        if (keys.Count == 0)
        {
            return cards;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is one of this class's constants; the keys are a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            cards.Add(new CardJson(
                reader.GetString(0), reader.GetString(1), Text(reader, 9), Vietnamese(Text(reader, 10)), Text(reader, 11),
                reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4) == 1,
                Vietnamese(reader.GetString(5)), Vietnamese(Text(reader, 6)),
                new HospitalJson(reader.GetString(7), reader.GetString(8)), Vietnamese(Text(reader, 12))));
        }

        return cards;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(isoDate))]
    private static string? Vietnamese(string? isoDate) => isoDate is null
        ? null
        : DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
