using System.Globalization;
using DataHub.Connectors;
using DataHub.Hub.Events;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Quality;

/// <summary>
/// Keeps the newest finished reconciliation run current between full runs: each life event (a birth, a death, a card
/// issued) re-checks the citizens it is about (<see cref="QualityEngine.RecheckAsync"/>). Reads the event store after
/// its own cursor, kept in a file beside the quality store, so events that arrive while the hub is down are re-checked
/// when it starts again; the store's signal only wakes it.
/// </summary>
public sealed partial class EventRecheck(
    LifeEventStore events, LifeEventSignal signal, QualityEngine engine, IOptions<QualityOptions> options, string cursorFile,
    ILogger<EventRecheck> logger) : BackgroundService
{
    /// <summary>Events read (and citizens re-checked) at once.</summary>
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RecheckOnEvents)
        {
            return;
        }

        var cursor = ReadCursor();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next; // before reading, so an event stored meanwhile is not missed
            try
            {
                var batch = await events.ReadAfterAsync(cursor, BatchSize, stoppingToken);
                if (batch.Count == 0)
                {
                    await wake.WaitAsync(stoppingToken);
                    continue;
                }

                var citizens = batch.SelectMany(e => new[] { e.PersonalId, e.RelatedPersonalId }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                if (await engine.Store.FinishedAsync(1, stoppingToken) is [_, ..])
                {
                    var findings = await engine.RecheckAsync(citizens, stoppingToken);
                    LogRechecked(logger, batch.Count, citizens.Count, findings.Count);
                }

                // Without a finished run there is nothing to update: the next full run reads these citizens anyway.
                cursor = batch[^1].Sequence;
                await File.WriteAllTextAsync(cursorFile, cursor.ToString(CultureInfo.InvariantCulture), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A source down, a store locked: the same events are re-checked shortly; the hub itself keeps serving.
                LogRetry(logger, ex is SourceUnavailableException ? "a source is unavailable" : ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private long ReadCursor() =>
        File.Exists(cursorFile) && long.TryParse(File.ReadAllText(cursorFile), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checked {Citizens} citizens after {Events} life events: {Findings} findings.")]
    private static partial void LogRechecked(ILogger logger, int events, int citizens, int findings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking after life events failed ({Reason}); trying again shortly.")]
    private static partial void LogRetry(ILogger logger, string reason);
}
