using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// Where checkpoints are kept: the <c>Checkpoints</c> table of the audit store, and a JSON Lines file outside it, so
/// that whoever can write only the database cannot make a checkpoint disappear. Readers merge both.
/// </summary>
public sealed class CheckpointStore(string file)
{
    private static readonly string[] Columns = ["EntryId", "Hash", "Entries", "Time", "Signature", "KeyId"];

    /// <summary>The file copy.</summary>
    public string File => file;

    /// <summary>
    /// Appends the checkpoint to the file (flushed to disk), then to the table. Called by the writer's loop only, so
    /// the file has one writer per hub process.
    /// </summary>
    public void Append(DbConnection connection, AuditCheckpoint checkpoint)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint, AuditChain.ExportJson) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        if (connection.State != ConnectionState.Open)
        {
            connection.Open();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"Checkpoints\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";
        object[] values =
        [
            checkpoint.EntryId, checkpoint.Hash, checkpoint.Entries, AuditEntry.CanonicalTime(checkpoint.Time),
            checkpoint.Signature, checkpoint.KeyId,
        ];
        for (var i = 0; i < Columns.Length; i++)
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = "@" + Columns[i];
            parameter.Value = values[i];
            insert.Parameters.Add(parameter);
        }

        insert.ExecuteNonQuery();
    }

    /// <summary>The highest entry id any checkpoint in the table covers (0 when none).</summary>
    public static long LatestInTable(DbConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT MAX(\"EntryId\") FROM \"Checkpoints\"";
        return read.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Every checkpoint from the table and from the file, each once, by entry id.</summary>
    public async Task<List<AuditCheckpoint>> ReadAllAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        var all = new List<AuditCheckpoint>();
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT {string.Join(", ", Columns.Select(c => $"\"{c}\""))} FROM \"Checkpoints\" ORDER BY \"EntryId\"";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                all.Add(new AuditCheckpoint
                {
                    EntryId = reader.GetInt64(0),
                    Hash = reader.GetString(1),
                    Entries = reader.GetInt64(2),
                    Time = DateTime.ParseExact(reader.GetString(3), "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                    Signature = reader.GetString(4),
                    KeyId = reader.GetString(5),
                });
            }
        }

        all.AddRange(ReadFile());
        return Merge(all);
    }

    /// <summary>The file's checkpoints; a torn last line (the hub stopped while appending) is skipped.</summary>
    public IEnumerable<AuditCheckpoint> ReadFile()
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        var checkpoints = new List<AuditCheckpoint>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                checkpoints.Add(JsonSerializer.Deserialize<AuditCheckpoint>(lines[i], AuditChain.ExportJson)!);
            }
            catch (JsonException) when (i == lines.Count - 1)
            {
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"Line {i + 1} of the checkpoint file {file} is not a checkpoint: {ex.Message}", ex);
            }
        }

        return checkpoints;
    }

    /// <summary>The same checkpoint read from the table and the file counts once; differing ones are all kept and checked.</summary>
    public static List<AuditCheckpoint> Merge(IEnumerable<AuditCheckpoint> checkpoints) =>
        checkpoints
            .DistinctBy(c => (c.EntryId, c.Hash, c.Entries, AuditEntry.CanonicalTime(c.Time), c.Signature, c.KeyId))
            .OrderBy(c => c.EntryId)
            .ToList();
}
