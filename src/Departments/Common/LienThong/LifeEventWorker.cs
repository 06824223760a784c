using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.LienThong;

/// <summary>
/// The loop every department worker shares: read the events it receives through the hub (<c>lifeEvents</c> polling,
/// from its durable cursor, with the citizen's fields its document selects, under its grants and purpose), for each
/// one write its own database and remember the answer in one transaction (keyed by the event id), publish the answer
/// with <c>causedBy</c> and a stable id, then move the cursor. Delivery is at least once; nothing is done twice.
/// An event that fails for a reason of its own (<see cref="EventFailedException"/>) is tried <see cref="WorkerOptions.MaxAttempts"/>
/// times with a doubling backoff, then parked (<see cref="WorkerInbox.ParkAsync"/>) so the events behind it still flow;
/// the hub or the worker's own database being unreachable is not the event's fault and is retried without a bound.
/// A worker is its <see cref="ApplyAsync"/>, its document and its node type.
/// </summary>
public abstract partial class LifeEventWorker<TNode>(WorkerOptions options, HubClient hub, ILogger logger, TimeProvider clock) : BackgroundService
    where TNode : ILifeEventNode
{
    private const int PageSize = 20;

    /// <summary>The hub's own trouble (not the answer's): retried without counting an attempt.</summary>
    private static readonly HashSet<string> HubTrouble = ["UNAUTHENTICATED", "RATE_LIMITED", "AUDIT_UNAVAILABLE", "DATABASE_UNAVAILABLE", "SOURCE_UNAVAILABLE", "INTERNAL_ERROR"];

    private static readonly string _publish = Document(typeof(LifeEventWorker<>).Assembly, "PublishLifeEvent.graphql");

    /// <summary>The worker's <c>lifeEvents</c> document (variables <c>$after</c>, <c>$first</c>).</summary>
    protected abstract string EventsDocument { get; }

    /// <summary>The worker's name in its inbox (its department and task, e.g. cong-an/residence).</summary>
    protected abstract string Name { get; }

    /// <summary>The purpose it reads for (X-Purpose): the one its event kinds are received for.</summary>
    protected abstract string Purpose { get; }

    protected WorkerOptions Options => options;

    protected TimeProvider Clock => clock;

    /// <summary>Writes the department's own records for one event, in the inbox's transaction; the answer to publish, or null.</summary>
    protected abstract Task<EventAnswer?> ApplyAsync(TNode node, SqliteConnection db, SqliteTransaction transaction, CancellationToken ct);

    /// <summary>Reads an embedded <c>.graphql</c> document by file name.</summary>
    protected static string Document(Assembly assembly, string file)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inbox = new WorkerInbox(options.Database, Name);
        await inbox.EnsureAsync(stoppingToken);
        var cursor = await inbox.CursorAsync(stoppingToken);
        LogStarting(logger, Name, cursor ?? "(the beginning)", await inbox.ParkedCountAsync(stoppingToken));
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                var page = await hub.ExecuteAsync<LifeEventPage<TNode>>(EventsDocument, new { after = cursor, first = PageSize }, Purpose, stoppingToken);
                if (page.HasErrors || page.Data is null)
                {
                    // A source down or a refusal: the same page again later, the cursor stays (nothing is skipped).
                    LogPageRefused(logger, Name, string.Join(", ", page.Errors?.Select(e => e.Code ?? e.Message) ?? []));
                }
                else
                {
                    foreach (var node in page.Data.LifeEvents.Nodes)
                    {
                        await HandleWithRetriesAsync(inbox, node, stoppingToken);
                        cursor = node.Cursor;
                    }

                    more = page.Data.LifeEvents.HasNextPage;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or SqliteException
                or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, Name, ex.GetType().Name, ex.Message);
            }

            if (!more)
            {
                await Task.Delay(options.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Handles one event and moves the cursor past it: done, or parked after its last failed attempt.</summary>
    private async Task HandleWithRetriesAsync(WorkerInbox inbox, TNode node, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            string code;
            try
            {
                await HandleAsync(inbox, node, ct);
                await inbox.SaveCursorAsync(node.Cursor, ct);
                return;
            }
            catch (EventFailedException ex)
            {
                code = ex.Code;
            }

            LienThongMetrics.AttemptFailed(Name);
            if (attempt >= options.MaxAttempts)
            {
                await inbox.ParkAsync(node.Id, node.Kind, attempt, code, node.Cursor, clock.GetUtcNow(), ct);
                LienThongMetrics.EventParked(Name);
                LogParked(logger, Name, node.Kind, node.Id, attempt, code);
                return;
            }

            var delay = options.DelayAfter(attempt);
            LogAttemptFailed(logger, Name, node.Kind, node.Id, attempt, options.MaxAttempts, code, delay.TotalMilliseconds);
            await Task.Delay(delay, clock, ct);
        }
    }

    /// <summary>True for a failure of the worker's own database as a whole (busy, locked, read-only, full, I/O, cannot open): not the event's.</summary>
    private static bool IsDatabaseDown(SqliteException ex) => ex.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14;

    /// <summary>A stable code for a failed write, never its message: SQLITE_19 (a constraint), or the exception's type.</summary>
    private static string CodeOf(Exception ex) => ex is SqliteException sqlite
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SQLITE_{sqlite.SqliteErrorCode}")
        : ex.GetType().Name;

    private async Task HandleAsync(WorkerInbox inbox, TNode node, CancellationToken ct)
    {
        Guid? answerId;
        EventAnswer? answer;
        await using (var db = await inbox.OpenAsync(ct))
        {
            using var transaction = db.BeginTransaction(deferred: false);
            var recalled = await WorkerInbox.RecallAsync(db, transaction, node.Id, ct);
            if (recalled.Handled)
            {
                (answerId, answer) = (recalled.AnswerId, recalled.Answer); // a duplicate delivery: publish the same answer again, write nothing
                LogDuplicate(logger, Name, node.Id);
            }
            else
            {
                try
                {
                    answer = await ApplyAsync(node, db, transaction, ct);
                    answerId = answer is null ? null : Guid.NewGuid();
                    await inbox.RememberAsync(db, transaction, node.Id, answerId, answer, clock.GetUtcNow(), ct);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or EventFailedException) && !(ex is SqliteException sqlite && IsDatabaseDown(sqlite)))
                {
                    throw new EventFailedException(CodeOf(ex), ex); // the transaction rolls back: nothing of this event is written
                }
            }

            transaction.Commit();
        }

        if (answer is not null && answerId is { } id)
        {
            var input = new
            {
                id,
                kind = answer.Kind,
                personalId = answer.PersonalId,
                relatedPersonalId = answer.RelatedPersonalId,
                registrationNumber = answer.RegistrationNumber,
                causedBy = node.Id,
            };
            var published = await hub.ExecuteAsync<PublishedEvent>(_publish, new { input }, Purpose, ct);
            if (published.HasErrors || published.Data is null)
            {
                var codes = published.Errors?.Select(e => e.Code ?? "NO_CODE").Distinct().ToList() ?? ["NO_DATA"];
                if (codes.Any(HubTrouble.Contains))
                {
                    throw new HttpRequestException("The hub could not take the answer now: " + string.Join(", ", codes));
                }

                throw new EventFailedException("ANSWER_REFUSED:" + string.Join(",", codes)); // the inbox keeps the answer; a retry publishes the same one
            }

            LogAnswered(logger, Name, node.Kind, node.Id, answer.Kind, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: starting after cursor {Cursor}; {Parked} events parked so far")]
    private static partial void LogStarting(ILogger logger, string worker, string cursor, long parked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: {Kind} {EventId} failed attempt {Attempt} of {MaxAttempts} ({Code}); trying again in {DelayMs} ms")]
    private static partial void LogAttemptFailed(ILogger logger, string worker, string kind, string eventId, int attempt, int maxAttempts, string code, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: {Kind} {EventId} parked after {Attempts} failed attempts ({Code}); moving on to the next event")]
    private static partial void LogParked(ILogger logger, string worker, string kind, string eventId, int attempts, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: the hub answered errors ({Codes}); reading the same page again shortly")]
    private static partial void LogPageRefused(ILogger logger, string worker, string codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: {Error} ({Message}); retrying shortly")]
    private static partial void LogRetry(ILogger logger, string worker, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: event {EventId} was handled before; no second write")]
    private static partial void LogDuplicate(ILogger logger, string worker, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: {Kind} {EventId} answered with {Answer} {AnswerId}")]
    private static partial void LogAnswered(ILogger logger, string worker, string kind, string eventId, string answer, Guid answerId);
}
