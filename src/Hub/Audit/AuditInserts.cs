using System.Data.Common;

namespace DataHub.Hub.Audit;

/// <summary>
/// The audit writer's statements on its one connection, made once and kept for the connection's life. On SQLite each
/// row is one execution of a prepared single-row INSERT (no round trip to save, and no statement to parse again per
/// batch); on PostgreSQL rows go as multi-row INSERTs of up to <see cref="RowsPerStatement"/> rows (one round trip per
/// statement), the full-size statement kept. The statements name the tables and columns of <see cref="AuditDbContext"/>.
/// </summary>
internal sealed class AuditInserts(DbConnection connection, bool postgres) : IDisposable
{
    // Both stores cap the parameters of one statement (SQLite 32,766, PostgreSQL 65,535): 200 rows × 15 columns stays well under.
    public const int RowsPerStatement = 200;

    private static readonly string[] EntryColumns =
    [
        "Id", "Timestamp", "RequestId", "PrincipalKind", "Principal", "Purpose", "OperationName", "DocumentHash",
        "Fields", "Citizens", "Outcome", "ErrorCodes", "PreviousHash", "Hash", "AppVersion",
    ];

    private static readonly string[] SubjectColumns = ["PersonalId", "EntryId"];

    private readonly Dictionary<(string Table, int Rows), DbCommand> _kept = [];
    private DbCommand? _readHead;
    private DbCommand? _writeHead;

    public (long LastId, string LastHash) ReadHead(DbTransaction transaction)
    {
        _readHead ??= Prepared("SELECT \"LastEntryId\", \"LastHash\" FROM \"Head\" WHERE \"Id\" = 1" + (postgres ? " FOR UPDATE" : ""));
        _readHead.Transaction = transaction;
        using var reader = _readHead.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("The audit store has no head row.");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    public void WriteHead(DbTransaction transaction, long lastId, string lastHash)
    {
        _writeHead ??= Prepared("UPDATE \"Head\" SET \"LastEntryId\" = @id, \"LastHash\" = @hash WHERE \"Id\" = 1", "@id", "@hash");
        _writeHead.Transaction = transaction;
        _writeHead.Parameters[0].Value = lastId;
        _writeHead.Parameters[1].Value = lastHash;
        _writeHead.ExecuteNonQuery();
    }

    public void InsertEntries(DbTransaction transaction, List<AuditEntry> entries) =>
        Insert(transaction, "Entries", EntryColumns, entries, static (e, values, at) =>
        {
            values[at].Value = e.Id;
            values[at + 1].Value = e.Timestamp;
            values[at + 2].Value = e.RequestId;
            values[at + 3].Value = e.PrincipalKind;
            values[at + 4].Value = e.Principal;
            values[at + 5].Value = (object?)e.Purpose ?? DBNull.Value;
            values[at + 6].Value = (object?)e.OperationName ?? DBNull.Value;
            values[at + 7].Value = e.DocumentHash;
            values[at + 8].Value = e.Fields;
            values[at + 9].Value = e.Citizens;
            values[at + 10].Value = e.Outcome;
            values[at + 11].Value = e.ErrorCodes;
            values[at + 12].Value = e.PreviousHash;
            values[at + 13].Value = e.Hash;
            values[at + 14].Value = (object?)e.AppVersion ?? DBNull.Value;
        });

    public void InsertSubjects(DbTransaction transaction, List<(string PersonalId, long EntryId)> subjects) =>
        Insert(transaction, "Subjects", SubjectColumns, subjects, static (s, values, at) =>
        {
            values[at].Value = s.PersonalId;
            values[at + 1].Value = s.EntryId;
        });

    public void Dispose()
    {
        foreach (var command in _kept.Values)
        {
            command.Dispose();
        }

        _kept.Clear();
        _readHead?.Dispose();
        _writeHead?.Dispose();
    }

    private void Insert<T>(DbTransaction transaction, string table, string[] columns, List<T> rows, Action<T, DbParameterCollection, int> bind)
    {
        var perStatement = postgres ? RowsPerStatement : 1;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            // Kept: the one-row statement (SQLite) and the full-size one (PostgreSQL); a shorter last chunk is made for its use.
            var keep = count == perStatement;
            var command = keep && _kept.TryGetValue((table, count), out var kept) ? kept : InsertCommand(table, columns, count);
            try
            {
                command.Transaction = transaction;
                for (var r = 0; r < count; r++)
                {
                    bind(rows[start + r], command.Parameters, r * columns.Length);
                }

                command.ExecuteNonQuery();
            }
            finally
            {
                if (!keep)
                {
                    command.Dispose();
                }
            }

            if (keep)
            {
                _kept.TryAdd((table, count), command);
            }
        }
    }

    private DbCommand InsertCommand(string table, string[] columns, int rows)
    {
        var names = new string[rows * columns.Length];
        var values = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                names[(r * columns.Length) + c] = $"@p{r}_{c}";
            }

            values[r] = $"({string.Join(", ", names, r * columns.Length, columns.Length)})";
        }

        return Prepared(
            $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", values)}", names);
    }

    private DbCommand Prepared(string text, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
