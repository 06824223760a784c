using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DataHub.SyntheticData;

/// <summary>
/// Applies the part of a <see cref="DiscrepancyPlan"/> that concerns one database to its freshly written file, in one
/// transaction, and reports exactly what it changed: a damage that finds nothing to change (a citizen picked to have
/// a land right orphaned who holds none) is not applied and not reported.
/// </summary>
public static class DiscrepancyInjector
{
    public static IReadOnlyList<DiscrepancyEntry> Apply(string databaseFile, string database, IReadOnlyList<PlannedDiscrepancy> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var mine = plan.Where(p => p.Kind.Database == database).ToList();
        if (mine.Count == 0)
        {
            return [];
        }

        var applied = new List<DiscrepancyEntry>(mine.Count);
        using var connection = new SqliteConnection(SqliteWriter.ConnectionString(databaseFile, SqliteOpenMode.ReadWrite));
        connection.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var damage in mine)
        {
            var key = Apply(connection, transaction, damage);
            if (key is not null)
            {
                applied.Add(new DiscrepancyEntry(damage.Kind.Rule, damage.Kind.Database, damage.Kind.Owner, damage.PersonalId, key, damage.Kind.Change));
            }
        }

        transaction.Commit();
        return applied;
    }

    /// <summary>Applies one damage; returns the key the rule reports, or null when there was nothing to damage.</summary>
    private static string? Apply(SqliteConnection connection, SqliteTransaction transaction, PlannedDiscrepancy damage)
    {
        var kind = damage.Kind;
        var id = damage.PersonalId;
        var date = damage.Date is { } d ? Iso(d) : null;
        if (kind == DiscrepancyKinds.InvalidHolderId || kind == DiscrepancyKinds.OrphanLandRight)
        {
            return Rehome(connection, transaction, "land_use_rights", "right_id", "holder_personal_id", id, damage.Value);
        }

        if (kind == DiscrepancyKinds.OrphanBenefitCase)
        {
            return Rehome(connection, transaction, "benefit_cases", "case_id", "beneficiary_personal_id", id, damage.Value);
        }

        var sql = kind switch
        {
            _ when kind == DiscrepancyKinds.DeathDate => "UPDATE death_registrations SET date_of_death = $date WHERE personal_id = $id",
            _ when kind == DiscrepancyKinds.DeadButAlive => "UPDATE citizens SET date_of_death = NULL WHERE personal_id = $id",
            _ when kind == DiscrepancyKinds.MissingIdCard =>
                "UPDATE citizens SET id_card_number = NULL, id_card_issued_on = NULL, id_card_issued_by = NULL, id_card_expires_on = NULL WHERE personal_id = $id",
            _ when kind == DiscrepancyKinds.BirthParents =>
                "UPDATE birth_registrations SET father_personal_id = mother_personal_id, mother_personal_id = father_personal_id WHERE child_personal_id = $id",
            _ when kind == DiscrepancyKinds.BirthWithoutCitizen => "UPDATE birth_registrations SET child_personal_id = $value WHERE child_personal_id = $id",
            _ when kind == DiscrepancyKinds.ChildWithoutCard => "DELETE FROM insurance_cards WHERE holder_personal_id = $id",
            _ when kind == DiscrepancyKinds.DuplicateCard =>
                "INSERT INTO insurance_cards (" + CardColumns + ") SELECT $value, holder_personal_id, holder_full_name, holder_date_of_birth, holder_sex, " +
                "beneficiary_group, benefit_level, state_funded, valid_from, valid_to, hospital_code, hospital_name, updated_on " +
                "FROM insurance_cards WHERE holder_personal_id = $id LIMIT 1",
            _ when kind == DiscrepancyKinds.CardAfterDeath =>
                "INSERT INTO insurance_cards (" + CardColumns + ") " +
                "VALUES ($value, $id, $name, $born, $sex, 'GD', 4, 0, $from, $to, '27001', 'Bệnh viện Đa khoa tỉnh Bắc Ninh', $updated)",
            _ when kind == DiscrepancyKinds.CardName => "UPDATE insurance_cards SET holder_full_name = $value WHERE holder_personal_id = $id",
            _ when kind == DiscrepancyKinds.CardDateOfBirth => "UPDATE insurance_cards SET holder_date_of_birth = $date WHERE holder_personal_id = $id",
            _ when kind == DiscrepancyKinds.CardSex =>
                "UPDATE insurance_cards SET holder_sex = CASE holder_sex WHEN 'Nam' THEN 'Nữ' ELSE 'Nam' END WHERE holder_personal_id = $id",
            _ when kind == DiscrepancyKinds.CardNotUpdated => "UPDATE insurance_cards SET updated_on = $date WHERE holder_personal_id = $id",
            _ when kind == DiscrepancyKinds.BenefitAfterDeath =>
                "INSERT INTO benefit_cases (case_id, beneficiary_personal_id, benefit_type, status, amount_vnd, opened_on, decided_on, commune, deceased_personal_id) " +
                "SELECT $value, $id, $type, $status, 750000, $from, $from, commune, NULL FROM benefit_cases ORDER BY case_id LIMIT 1",
            _ => throw new InvalidOperationException($"No damage is defined for '{kind.Rule}' in {kind.Database}."),
        };
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$value", damage.Value);
        command.Parameters.AddWithValue("$date", (object?)date ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", damage.Date is { } died ? Iso(died.AddDays(-200)) : DBNull.Value);
        command.Parameters.AddWithValue("$to", Iso(DemoCalendar.Today.AddDays(165)));
        command.Parameters.AddWithValue("$type", EnumCode.Of(BenefitType.SocialPension));
        command.Parameters.AddWithValue("$status", EnumCode.Of(BenefitStatus.Approved));
        command.Parameters.AddWithValue("$name", (object?)damage.Holder?.FullName ?? DBNull.Value);
        command.Parameters.AddWithValue("$born", damage.Holder is { } holder ? Iso(holder.DateOfBirth) : DBNull.Value);
        command.Parameters.AddWithValue("$sex", damage.Holder is { } person ? HealthInsuranceGenerator.SexCode(person.Sex) : DBNull.Value);
        command.Parameters.AddWithValue("$updated", Iso(DemoCalendar.Today.AddDays(-30)));
        return command.ExecuteNonQuery() > 0 ? id : null;
    }

    private const string CardColumns =
        "card_number, holder_personal_id, holder_full_name, holder_date_of_birth, holder_sex, beneficiary_group, benefit_level, state_funded, " +
        "valid_from, valid_to, hospital_code, hospital_name, updated_on";

    /// <summary>Moves the citizen's first record (by key) of <paramref name="table"/> to another holder; returns that record's key.</summary>
    private static string? Rehome(
        SqliteConnection connection, SqliteTransaction transaction, string table, string keyColumn, string holderColumn, string holder, string newHolder)
    {
        using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = $"SELECT {keyColumn} FROM {table} WHERE {holderColumn} = $id ORDER BY {keyColumn} LIMIT 1";
        find.Parameters.AddWithValue("$id", holder);
        if (find.ExecuteScalar() is not string key)
        {
            return null;
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = $"UPDATE {table} SET {holderColumn} = $holder WHERE {keyColumn} = $key";
        update.Parameters.AddWithValue("$holder", newHolder);
        update.Parameters.AddWithValue("$key", key);
        update.ExecuteNonQuery();
        return key;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
