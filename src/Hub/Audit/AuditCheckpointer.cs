using System.Data;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Audit;

/// <summary>
/// Decides when the audit writer signs a checkpoint (every <see cref="CheckpointOptions.EveryEntries"/> entries, or
/// <see cref="CheckpointOptions.EverySeconds"/> after the first entry not yet covered, whichever comes first) and
/// writes it. Used by the writer's loop thread only, after a commit: never on a request's path.
/// </summary>
public sealed class AuditCheckpointer(CheckpointSigner signer, CheckpointStore store, IOptions<CheckpointOptions> options, TimeProvider clock)
{
    private readonly CheckpointOptions _options = options.Value;
    private long _lastId;
    private string _lastHash = AuditEntry.GenesisHash;
    private long _pending;
    private long _pendingSince;
    private long? _failedAt;

    /// <summary>Entries committed since the last checkpoint written by this writer.</summary>
    public long Pending => _pending;

    /// <summary>Due: enough entries, or the oldest uncovered entry waited long enough.</summary>
    public bool IsDue => _pending > 0
        && (_failedAt is null || clock.GetElapsedTime(_failedAt.Value) >= Interval)
        && (_pending >= _options.EveryEntries || Waited >= Interval);

    /// <summary>How long the loop may sleep before a checkpoint falls due (infinite when nothing is pending).</summary>
    public TimeSpan SleepLimit => _pending == 0
        ? Timeout.InfiniteTimeSpan
        : Interval - Waited is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private TimeSpan Interval => TimeSpan.FromSeconds(_options.EverySeconds);

    private TimeSpan Waited => clock.GetElapsedTime(_pendingSince);

    /// <summary>The writer committed a batch that ends the chain at <paramref name="lastId"/>.</summary>
    public void Committed(long lastId, string lastHash, int added)
    {
        if (_pending == 0)
        {
            _pendingSince = clock.GetTimestamp();
        }

        (_lastId, _lastHash) = (lastId, lastHash);
        _pending += added;
    }

    /// <summary>
    /// At start-up: entries committed after the table's latest checkpoint (a previous run stopped before signing them)
    /// are covered now, so no tail stays unsigned longer than one interval across restarts.
    /// </summary>
    public void Resume(AuditDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            connection.Open();
        }

        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT \"LastEntryId\", \"LastHash\" FROM \"Head\" WHERE \"Id\" = 1";
            using var reader = read.ExecuteReader();
            if (!reader.Read())
            {
                return;
            }

            (_lastId, _lastHash) = (reader.GetInt64(0), reader.GetString(1));
        }

        var uncovered = _lastId - CheckpointStore.LatestInTable(connection);
        if (uncovered > 0)
        {
            _pending = uncovered;
            Write(db);
        }
    }

    /// <summary>Signs the chain as this writer last committed it and stores the checkpoint in the file and the table.</summary>
    public void Write(AuditDbContext db)
    {
        Debug.Assert(_pending > 0);
        // Ids run from 1 without gaps (the writer numbers them under the head's lock), so the count is the last id.
        var checkpoint = signer.Sign(_lastId, _lastHash, _lastId, clock.GetUtcNow().UtcDateTime);
        store.Append(db.Database.GetDbConnection(), checkpoint);
        _pending = 0;
        _failedAt = null;
    }

    /// <summary>A write failed: try again one interval later rather than after every batch.</summary>
    public void Postpone()
    {
        _failedAt = clock.GetTimestamp();
        _pendingSince = _failedAt.Value;
    }
}
