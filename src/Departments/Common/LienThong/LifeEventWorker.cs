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
/// A worker is its <see cref="ApplyAsync"/>, its document and its node type.
/// </summary>
public abstract partial class LifeEventWorker<TNode>(WorkerOptions options, HubClient hub, ILogger logger, TimeProvider clock) : BackgroundService
    where TNode : ILifeEventNode
{
    private const int PageSize = 20;

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
        LogStarting(logger, Name, cursor ?? "(the beginning)");
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
                        await HandleAsync(inbox, node, stoppingToken);
                        cursor = node.Cursor;
                        await inbox.SaveCursorAsync(cursor, stoppingToken);
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
                answer = await ApplyAsync(node, db, transaction, ct);
                answerId = answer is null ? null : Guid.NewGuid();
                await inbox.RememberAsync(db, transaction, node.Id, answerId, answer, clock.GetUtcNow(), ct);
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
                throw new HttpRequestException("The hub refused the answer: " + string.Join(", ", published.Errors?.Select(e => e.Code ?? e.Message) ?? []));
            }

            LogAnswered(logger, Name, node.Kind, node.Id, answer.Kind, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: starting after cursor {Cursor}")]
    private static partial void LogStarting(ILogger logger, string worker, string cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: the hub answered errors ({Codes}); reading the same page again shortly")]
    private static partial void LogPageRefused(ILogger logger, string worker, string codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: {Error} ({Message}); retrying shortly")]
    private static partial void LogRetry(ILogger logger, string worker, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: event {EventId} was handled before; no second write")]
    private static partial void LogDuplicate(ILogger logger, string worker, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: {Kind} {EventId} answered with {Answer} {AnswerId}")]
    private static partial void LogAnswered(ILogger logger, string worker, string kind, string eventId, string answer, Guid answerId);
}
