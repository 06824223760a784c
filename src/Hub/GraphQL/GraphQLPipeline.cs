using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Documents;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using DataHub.Hub.Telemetry;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Net.Http.Headers;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// The one pipeline of every GraphQL surface: read the request (<see cref="GraphQLRequestReader"/>), take the caller
/// resolved once for the request (<see cref="HubCaller"/>), execute — where the operation is planned, held to the limits
/// and decided on as it will execute (<see cref="OperationCheck"/>) — record one audit entry of what was disclosed and
/// about whom (<see cref="AuditRecords"/>), and answer only once that entry is durable. Between reading and parsing,
/// a request by id gets its registered document's text, and document text a department may not send is refused
/// (<see cref="TrustedDocuments"/>).
/// </summary>
public sealed class GraphQLPipeline(
    IDocumentExecuter executer, GraphQLRequestReader reader, AuditWriter audit, IGraphQLTextSerializer serializer, RequestLimits limits,
    TrustedDocuments documents)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>Answers one HTTP request. Authorization has already admitted the caller (route policies).</summary>
    public async Task HandleAsync(HttpContext http, GraphQLSurface surface)
    {
        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        var principal = HubCaller.Of(http)?.Principal
            ?? throw new InvalidOperationException("The GraphQL routes require a resolved caller (HubPolicies).");
        var mediaType = Negotiate(http.Request);
        if (mediaType is null)
        {
            await RejectAsync(http, principal, new RequestRefusal(StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"Accept {GraphQLResponseJson} or {Json}."), Json);
            return;
        }

        var (sent, documentId, refusal) = await reader.ReadAsync(http);
        if (refusal is not null)
        {
            await RejectAsync(http, principal, refusal, mediaType);
            return;
        }

        // Before anything is parsed: the stored text of a document sent by id, or the refusal of text not trusted.
        var (request, document, documentRefusal) = ResolveDocument(principal, surface, sent!, documentId);
        if (documentRefusal is not null)
        {
            await RejectAsync(http, principal, documentRefusal, mediaType, documentId);
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method) && IsMutationOrSubscription(request!))
        {
            http.Response.Headers.Allow = "POST";
            await RejectAsync(http, principal, new RequestRefusal(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                "Mutations and subscriptions are sent with POST."), mediaType);
            return;
        }

        var (result, answer) = await ExecuteAndQueueAsync(surface, principal, PurposeOf(http, request!), request!, http.TraceIdentifier,
            http.RequestServices, null, document, http.RequestAborted);
        await AnswerOnceDurableAsync(http, result, answer, mediaType);
    }

    /// <summary>
    /// Executes one request and appends its audit entry. Without a durable audit entry there is no data: the result is
    /// then <c>AUDIT_UNAVAILABLE</c>. A request that ran a registered document by id names it (<paramref name="document"/>)
    /// in its audit entry.
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, string requestId,
        IServiceProvider services, CancellationToken cancellationToken, HubRequestContext? context = null, DocumentUse? document = null) =>
        await await ExecuteQueuedAsync(surface, principal, purpose, request, requestId, services, cancellationToken, context, document);

    /// <summary>
    /// Executes one request now and queues its audit entry; the task it returns is the answer, which completes once that
    /// entry is durable (or is <c>AUDIT_UNAVAILABLE</c>). A caller with several executions to answer in order (the
    /// deliveries of a subscription) starts the next before the last one's entry is committed, so their entries share
    /// one group commit instead of one commit each.
    /// </summary>
    public async Task<Task<ExecutionResult>> ExecuteQueuedAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, string requestId,
        IServiceProvider services, CancellationToken cancellationToken, HubRequestContext? context = null, DocumentUse? document = null) =>
        (await ExecuteAndQueueAsync(surface, principal, purpose, request, requestId, services, context, document, cancellationToken)).Answer;

    /// <summary>
    /// The same, with the result as executed beside the answer: what the answer will be once the entry is durable, unless
    /// the entry cannot be written (then the answer is <c>AUDIT_UNAVAILABLE</c> instead).
    /// </summary>
    private async Task<(ExecutionResult Result, Task<ExecutionResult> Answer)> ExecuteAndQueueAsync(
        GraphQLSurface surface, HubPrincipal principal, string? purpose, GraphQLRequest request, string requestId,
        IServiceProvider services, HubRequestContext? context, DocumentUse? document, CancellationToken cancellationToken)
    {
        // A caller that passes its own context (the subscription transports) reads it afterwards; an event to deliver
        // is the operation's root value.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        context ??= new HubRequestContext(principal, purpose);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Schema = surface.Schema;
            options.Root = context.DeliveredEvent;
            options.Query = request.Query;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.OperationName = request.OperationName;
            options.UserContext = context;
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
        });

        var errorCodes = result.Errors?.Select(e => e.Code ?? ErrorCodes.InternalError).ToList() ?? [];
        if (errorCodes.Contains(DatabaseErrors.Code))
        {
            DataHubTelemetry.RequestAnswered(principal, "failed", started, errorCodes);
            var failure = Failure(DatabaseErrors.Code, "The hub's database is unavailable; try again shortly.");
            return (failure, Task.FromResult(failure));
        }

        var outcome = !result.Executed || result.Data is null ? "rejected" : errorCodes.Count > 0 ? "partial" : "ok";
        var actor = context.ActedAsRepresentative ? principal with { ActsAsRepresentative = true } : principal; // who made a consent change
        var record = AuditRecords.For(requestId, actor, purpose, request.OperationName, request.Query,
            Disclosed(surface, context.Plan), context.CitizensRead, outcome, errorCodes, document?.Id, document?.AppVersion);
        AddSourceExtensions(result, context, services);
        return (result, AnswerAsync(audit.AppendAsync(record), result, principal, outcome, started, errorCodes));
    }

    /// <summary>
    /// Which sources a request reached, and how often: the batching is visible to every caller. Beside it, which source
    /// answered which part of the response and how old its data is (Sources/SourceProvenance).
    /// </summary>
    private static void AddSourceExtensions(ExecutionResult result, HubRequestContext context, IServiceProvider services)
    {
        var calls = context.SourceCalls;
        if (calls.Count > 0)
        {
            result.Extensions ??= [];
            result.Extensions["sourceCalls"] = calls;
            result.Extensions["sources"] = services.GetRequiredService<SourceProvenance>().Describe(context.Plan, calls);
        }
    }

    /// <summary>
    /// Writes the answer once its audit entry is durable. While the entry commits, the result is already serialized into a
    /// pooled buffer (a pipe that never holds its writer back), so the commit and the serialization overlap; the bytes reach
    /// the response only after the commit, and are dropped for <c>AUDIT_UNAVAILABLE</c> if it fails.
    /// </summary>
    private async Task AnswerOnceDurableAsync(HttpContext http, ExecutionResult result, Task<ExecutionResult> answer, string mediaType)
    {
        if (answer.IsCompleted)
        {
            await WriteAsync(http, await answer, mediaType);
            return;
        }

        var buffer = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        try
        {
            await using (var serialized = buffer.Writer.AsStream())
            {
                await serializer.WriteAsync(serialized, result, http.RequestAborted);
            }

            var answered = await answer;
            if (!ReferenceEquals(answered, result))
            {
                await WriteAsync(http, answered, mediaType);
                return;
            }

            SetStatus(http, result, mediaType, status: null);
            await buffer.Reader.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
        finally
        {
            await buffer.Reader.CompleteAsync();
        }
    }

    /// <summary>The result once its audit entry is durable; AUDIT_UNAVAILABLE when it cannot be.</summary>
    private static async Task<ExecutionResult> AnswerAsync(
        Task<AuditEntry> appended, ExecutionResult result, HubPrincipal principal, string outcome, long started, List<string> errorCodes)
    {
        try
        {
            using var span = DataHubTelemetry.Source.StartActivity("audit.append");
            await appended;
        }
        catch (AuditUnavailableException)
        {
            DataHubTelemetry.RequestAnswered(principal, "failed", started, [ErrorCodes.AuditUnavailable]);
            return Failure(ErrorCodes.AuditUnavailable, "The audit log cannot be written, so no data is returned. Try again later.");
        }

        DataHubTelemetry.RequestAnswered(principal, outcome, started, errorCodes);
        return result;
    }

    /// <summary>What the audit entry lists: every composite field the plan disclosed, and the surface's other root fields.</summary>
    public static IEnumerable<string> Disclosed(GraphQLSurface surface, OperationPlan? plan)
    {
        if (plan is null)
        {
            return [];
        }

        var entityRoots = plan.Reads.Where(r => r.Kind == ReadKind.Counted).Select(r => r.At).ToHashSet();
        return plan.DisclosedFields.Concat(plan.Roots
            .Where(r => !r.IsIntrospection && !entityRoots.Contains(r))
            .Select(r => $"{surface.Name}.{r.Name}"));
    }

    /// <summary>
    /// Records a request refused before execution (here, and by the subscription transports); false when the audit
    /// log cannot be written, and then the caller is told <c>AUDIT_UNAVAILABLE</c> instead.
    /// </summary>
    public async Task<bool> AuditRefusalAsync(string requestId, HubPrincipal? principal, string code, string? documentId = null)
    {
        if (principal is not null)
        {
            DataHubTelemetry.RequestAnswered(principal, "rejected", System.Diagnostics.Stopwatch.GetTimestamp(), [code]);
        }

        try
        {
            await audit.AppendAsync(AuditRecords.For(requestId, principal, null, null, null, [], [], "rejected", [code], documentId));
            return true;
        }
        catch (AuditUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// Before anything is parsed: the stored text of a document sent by id, or the refusal of text the caller may not
    /// send (<see cref="TrustedDocuments"/>). Every surface and transport asks here.
    /// </summary>
    public (GraphQLRequest? Request, DocumentUse? Document, RequestRefusal? Refusal) ResolveDocument(
        HubPrincipal principal, GraphQLSurface surface, GraphQLRequest sent, string? documentId) =>
        documents.Resolve(principal, surface, sent, documentId);

    /// <summary>A request refused before execution: audited as rejected, then answered with its code.</summary>
    private async Task RejectAsync(HttpContext http, HubPrincipal principal, RequestRefusal refusal, string mediaType, string? documentId = null)
    {
        if (!await AuditRefusalAsync(http.TraceIdentifier, principal, refusal.Code, documentId))
        {
            await WriteAsync(http, Failure(ErrorCodes.AuditUnavailable, "The audit log cannot be written. Try again later."), mediaType);
            return;
        }

        await WriteAsync(http, new ExecutionResult { Executed = false, Errors = [new DataHubError(refusal.Code, refusal.Message)] }, mediaType, refusal.Status);
    }

    /// <summary>
    /// The status follows the GraphQL-over-HTTP spec: with graphql-response+json, 4xx when the request could not
    /// execute; with plain JSON, 200 for every well-formed request. Unavailable stores are 503 either way.
    /// </summary>
    private async Task WriteAsync(HttpContext http, ExecutionResult result, string mediaType, int? status = null)
    {
        SetStatus(http, result, mediaType, status);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static void SetStatus(HttpContext http, ExecutionResult result, string mediaType, int? status)
    {
        var code = result.Errors is [{ Code: var first }, ..] ? first : null;
        http.Response.StatusCode = status
            ?? (code is ErrorCodes.AuditUnavailable or DatabaseErrors.Code ? StatusCodes.Status503ServiceUnavailable
            : mediaType == GraphQLResponseJson && !result.Executed ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK);
        http.Response.ContentType = mediaType + "; charset=utf-8";
    }

    private static ExecutionResult Failure(string code, string message) =>
        new() { Executed = false, Errors = [new DataHubError(code, message)] };

    /// <summary>The purpose: the X-Purpose header, or the request's extensions.purpose.</summary>
    public static string? PurposeOf(HttpContext http, GraphQLRequest request)
    {
        var header = http.Request.Headers["X-Purpose"].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        return request.Extensions?.TryGetValue("purpose", out var value) == true ? value as string : null;
    }

    private bool IsMutationOrSubscription(GraphQLRequest request)
    {
        try
        {
            var operations = GraphQLParser.Parser.Parse(request.Query!, new GraphQLParser.ParserOptions { MaxDepth = limits.MaxParserDepth })
                .Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = request.OperationName is null
                ? operations.FirstOrDefault()
                : operations.FirstOrDefault(o => o.Name?.StringValue == request.OperationName);
            return operation?.Operation is OperationType.Mutation or OperationType.Subscription;
        }
        catch (Exception ex) when (ex is GraphQLParser.Exceptions.GraphQLSyntaxErrorException or GraphQLParser.Exceptions.GraphQLMaxDepthExceededException)
        {
            return false; // The executor reports the error in the usual shape.
        }
    }

    /// <summary>The media type to answer in, or null when the client accepts neither.</summary>
    private static string? Negotiate(HttpRequest request)
    {
        IList<MediaTypeHeaderValue> accept;
        try
        {
            accept = request.GetTypedHeaders().Accept;
        }
        catch (FormatException)
        {
            return null;
        }

        // GraphQL over HTTP: a client that names no media type (no Accept, or a wildcard) is a legacy client and gets
        // application/json, with 200 for every well-formed request; graphql-response+json only when asked for.
        if (accept.Count == 0)
        {
            return Json;
        }

        foreach (var type in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var name = type.MediaType.Value ?? "";
            if (name.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponseJson;
            }

            if (name.Equals(Json, StringComparison.OrdinalIgnoreCase) || name is "*/*" or "application/*")
            {
                return Json;
            }
        }

        return null;
    }
}
