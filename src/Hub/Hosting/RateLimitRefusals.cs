using System.Collections.Concurrent;
using DataHub.Hub.Audit;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Hosting;

/// <summary>
/// Audits refusals for too many requests. A flood must not turn into a flood of audit writes (each one a durable
/// commit), so a partition refused many times a second is audited at most once per second; the refusals in
/// between are answered 429 all the same.
/// </summary>
public sealed partial class RateLimitRefusals(AuditWriter audit, TimeProvider clock, ILogger<RateLimitRefusals> logger)
{
    public const string Code = ErrorCodes.RateLimited;

    // Anonymous partitions are per IP: forget old seconds once there are many, so the map stays small.
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<RatePartition, long> _lastAudited = new();

    public async Task AuditAsync(HttpContext http, RatePartition partition)
    {
        if (!FirstThisSecond(partition))
        {
            return;
        }

        try
        {
            await audit.AppendAsync(RefusalRecord(http, partition));
        }
        catch (AuditUnavailableException ex)
        {
            LogAuditFailed(logger, partition.Principal, ex); // the caller is refused anyway
        }
    }

    /// <summary>The audit entry of one refusal: who, what they asked for, rejected with RATE_LIMITED; nothing was read.</summary>
    public static AuditRecord RefusalRecord(HttpContext http, RatePartition partition) => AuditRecords.For(
        http.TraceIdentifier, Identity.HubCaller.Of(http)?.Principal, http.Request.Headers["X-Purpose"].FirstOrDefault(),
        $"{http.Request.Method} {http.Request.Path}", null, [], [], "rejected", [Code]);

    private bool FirstThisSecond(RatePartition partition)
    {
        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        if (_lastAudited.Count > PruneAbove)
        {
            foreach (var (key, last) in _lastAudited.Where(kv => kv.Value < second))
            {
                _lastAudited.TryRemove(new KeyValuePair<RatePartition, long>(key, last));
            }
        }

        while (true)
        {
            if (!_lastAudited.TryGetValue(partition, out var last))
            {
                if (_lastAudited.TryAdd(partition, second))
                {
                    return true;
                }
            }
            else if (last >= second)
            {
                return false;
            }
            else if (_lastAudited.TryUpdate(partition, second, last))
            {
                return true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rate-limit refusal of {Principal} could not be audited")]
    private static partial void LogAuditFailed(ILogger logger, string principal, Exception exception);
}
