using System.Text;
using DataHub.Hub.Events;
using DataHub.Hub.Identity;
using GraphQL;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataHub.Hub.GraphQL.Subscriptions;

/// <summary>
/// GraphQL over Server-Sent Events, graphql-sse's "distinct connections mode": <c>POST /graphql</c> with
/// <c>Accept: text/event-stream</c>, the same body, route policies and request reader as any GraphQL request; the
/// answer is an event stream of <c>next</c> events (each with <c>id:</c>, the event's cursor) and a final
/// <c>complete</c>. A refusal comes as one <c>next</c> holding the errors, as the protocol asks. A client that
/// reconnects with <c>Last-Event-ID</c> resumes after that event.
/// </summary>
public sealed class ServerSentEventsTransport(
    LifeEventSubscriptions subscriptions, GraphQLRequestReader reader, GraphQLPipeline pipeline, IGraphQLTextSerializer serializer,
    IOptions<EventOptions> options)
{
    public const string MediaType = "text/event-stream";

    /// <summary>A POST whose client accepts an event stream.</summary>
    public static bool Accepts(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        try
        {
            return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public async Task HandleAsync(HttpContext http, GraphQLSurface surface)
    {
        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        var principal = HubCaller.Of(http)?.Principal
            ?? throw new InvalidOperationException("The GraphQL routes require a resolved caller (HubPolicies).");
        var (sent, documentId, refusal) = await reader.ReadAsync(http);
        global::GraphQL.Transport.GraphQLRequest? request = null;
        if (refusal is null)
        {
            // A document by id, or text a department may not send in trusted mode: the same answer as for a query.
            (request, _, refusal) = pipeline.ResolveDocument(principal, surface, sent!, documentId);
        }

        if (refusal is not null)
        {
            // Before the stream opens, a malformed request is answered as any GraphQL request's: 4xx with its code.
            var audited = await pipeline.AuditRefusalAsync(http.TraceIdentifier, principal, refusal.Code, documentId);
            http.Response.StatusCode = audited ? refusal.Status : StatusCodes.Status503ServiceUnavailable;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, audited ? refusal.Code : "AUDIT_UNAVAILABLE",
                audited ? refusal.Message : "The audit log cannot be written. Try again later.");
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = MediaType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // a proxy must not hold events back

        var purpose = GraphQLPipeline.PurposeOf(http, request!);
        var cancellation = http.RequestAborted;
        var (result, start) = await subscriptions.OpenAsync(surface, principal, purpose, request!, http.TraceIdentifier, http.RequestServices, cancellation);
        await using var writer = new EventStreamWriter(http.Response, TimeSpan.FromSeconds(options.Value.KeepAliveSeconds), cancellation);
        if (start is null)
        {
            await writer.WriteAsync("next", null, serializer.Serialize(result!));
            await writer.WriteAsync("complete", null, "");
            return;
        }

        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0)
        {
            try
            {
                start = LifeEventSubscriptions.Resume(start, lastEventId);
            }
            catch (DataHubError error)
            {
                await writer.WriteAsync("next", null, serializer.Serialize(new ExecutionResult { Executed = false, Errors = [error] }));
                await writer.WriteAsync("complete", null, "");
                return;
            }
        }

        try
        {
            await foreach (var (cursor, delivery) in subscriptions.StreamAsync(
                surface, principal, purpose, request!, start, http.TraceIdentifier, http.RequestServices, cancellation))
            {
                await writer.WriteAsync("next", cursor, serializer.Serialize(delivery));
                if (cursor is null)
                {
                    await writer.WriteAsync("complete", null, "");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client closed the stream: that is how a subscription over SSE ends.
        }
    }
}
