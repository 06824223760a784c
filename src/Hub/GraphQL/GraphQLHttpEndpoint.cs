using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c>, per the GraphQL-over-HTTP spec: <c>POST</c> with
/// <c>application/json</c>; <c>GET</c> with <c>?query=</c> for queries only; answers in
/// <c>application/graphql-response+json</c> (4xx for requests that cannot execute) or, when the client accepts
/// only that, <c>application/json</c> (200 for every well-formed request). A browser's <c>GET</c> gets the IDE.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, http => DatabaseGuardAsync(http, HandlePostAsync));
        app.MapGet(Path, http => DatabaseGuardAsync(http, HandleGetAsync));
        app.MapMethods(Path, ["PUT", "PATCH", "DELETE"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "GET, POST";
            return RequestError(http, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                "Use POST (or GET for queries) on /graphql.", Json);
        });
        return app;
    }

    private static async Task HandlePostAsync(HttpContext http)
    {
        var principal = await AuthenticateAsync(http);
        if (principal is null)
        {
            return;
        }

        var mediaType = Negotiate(http.Request);
        if (mediaType is null)
        {
            await RejectAsync(http, principal, StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"Accept {GraphQLResponseJson} or {Json}.", Json);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(http, principal, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the request as Content-Type: application/json.", mediaType);
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = await ReadRequestAsync(http);
        }
        catch (JsonException)
        {
            await RejectAsync(http, principal, StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson,
                "The request body is not valid JSON.", mediaType);
            return;
        }
        catch (RequestShapeException ex)
        {
            await RejectAsync(http, principal, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, ex.Message, mediaType);
            return;
        }

        await ExecuteAsync(http, request!, mediaType, principal);
    }

    private static async Task HandleGetAsync(HttpContext http)
    {
        var query = http.Request.Query["query"].ToString();
        if (string.IsNullOrEmpty(query) && AcceptsHtml(http.Request))
        {
            http.Response.Redirect(Path + "/");
            return;
        }

        var principal = await AuthenticateAsync(http);
        if (principal is null)
        {
            return;
        }

        var mediaType = Negotiate(http.Request);
        if (mediaType is null)
        {
            await RejectAsync(http, principal, StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"Accept {GraphQLResponseJson} or {Json}.", Json);
            return;
        }

        if (string.IsNullOrEmpty(query))
        {
            await RejectAsync(http, principal, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "A GET request needs a 'query' parameter.", mediaType);
            return;
        }

        var operationName = http.Request.Query["operationName"].ToString();
        if (IsMutationOrSubscription(query, string.IsNullOrEmpty(operationName) ? null : operationName))
        {
            http.Response.Headers.Allow = "POST";
            await RejectAsync(http, principal, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                "Mutations and subscriptions are sent with POST.", mediaType);
            return;
        }

        Inputs? variables = null;
        var variablesText = http.Request.Query["variables"].ToString();
        if (!string.IsNullOrEmpty(variablesText))
        {
            try
            {
                variables = Serializer(http).Deserialize<Inputs>(variablesText);
            }
            catch (JsonException)
            {
                await RejectAsync(http, principal, StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson,
                    "The 'variables' parameter is not valid JSON.", mediaType);
                return;
            }
        }

        var request = new GraphQLRequest
        {
            Query = query,
            Variables = variables,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
        };
        await ExecuteAsync(http, request, mediaType, principal);
    }

    /// <summary>Without the registry or audit database the hub answers 503 with a clear code, never a stack trace.</summary>
    private static async Task DatabaseGuardAsync(HttpContext http, Func<HttpContext, Task> handle)
    {
        try
        {
            await handle(http);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !http.Response.HasStarted)
        {
            http.Response.Clear();
            await RequestError(http, StatusCodes.Status503ServiceUnavailable, DatabaseErrors.Code,
                "The hub's database is unavailable; try again shortly.", Json);
        }
    }

    /// <summary>
    /// Every GraphQL request is a known department, steward or citizen: 401 (with WWW-Authenticate) without a valid
    /// token, 403 when the token's application is not an active department. Nothing is parsed or read before this.
    /// </summary>
    private static async Task<HubPrincipal?> AuthenticateAsync(HttpContext http)
    {
        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            await TryAuditAsync(http, null, null, null, "", [], [], "rejected", ["UNAUTHENTICATED"]);
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return null;
        }

        var (principal, refusal) = await http.RequestServices.GetRequiredService<PrincipalResolver>()
            .ResolveAsync(result.Principal, http.RequestAborted);
        if (refusal is not null)
        {
            await TryAuditAsync(http, null, null, null, "", [], [], "rejected", [refusal.Code]);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, refusal.Code, refusal.Message);
        }

        return principal;
    }

    /// <summary>The purpose: the X-Purpose header, or the request's extensions.purpose.</summary>
    private static string? PurposeOf(HttpContext http, GraphQLRequest request)
    {
        var header = http.Request.Headers["X-Purpose"].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        return request.Extensions?.TryGetValue("purpose", out var value) == true ? value as string : null;
    }

    private static async Task ExecuteAsync(HttpContext http, GraphQLRequest request, string mediaType, HubPrincipal principal)
    {
        var services = http.RequestServices;
        var requestContext = new HubRequestContext(principal, PurposeOf(http, request));
        http.Items[AccessSchemaFilter.RequestItem] = requestContext;
        var result = await services.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.OperationName = request.OperationName;
            options.UserContext = requestContext;
            options.RequestServices = services;
            options.CancellationToken = http.RequestAborted;
        });

        // The answer leaves only once its audit entry is committed; without an audit store, no data.
        var errorCodes = result.Errors?.Select(e => e.Code ?? ErrorCodes.InternalError).ToList() ?? [];
        if (errorCodes.Contains(DatabaseErrors.Code))
        {
            await RequestError(http, StatusCodes.Status503ServiceUnavailable, DatabaseErrors.Code,
                "The hub's database is unavailable; try again shortly.", mediaType);
            return;
        }

        var outcome = !result.Executed || result.Data is null ? "rejected" : errorCodes.Count > 0 ? "partial" : "ok";
        if (!await TryAuditAsync(http, principal, requestContext.Purpose, request.OperationName, request.Query ?? "",
            requestContext.FieldsRead.Keys, requestContext.CitizensRead.Keys, outcome, errorCodes))
        {
            await AuditUnavailableAsync(http, mediaType);
            return;
        }

        if (!requestContext.SourceCalls.IsEmpty)
        {
            // Which sources a request reached, and how often: the batching is visible to every caller.
            result.Extensions ??= [];
            result.Extensions["sourceCalls"] = requestContext.SourceCalls.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        }

        // Per the spec, graphql-response+json uses 4xx when the request could not execute (parse or validation).
        http.Response.StatusCode = mediaType == GraphQLResponseJson && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await Serializer(http).WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>Appends the request's audit entry and waits until it is durable; false when the store cannot be written.</summary>
    private static async Task<bool> TryAuditAsync(
        HttpContext http, HubPrincipal? principal, string? purpose, string? operationName, string query,
        IEnumerable<string> fields, IEnumerable<string> citizens, string outcome, IEnumerable<string> errorCodes)
    {
        var record = new AuditRecord(
            DateTime.UtcNow, http.TraceIdentifier,
            principal?.Kind.ToString().ToLowerInvariant() ?? "anonymous", principal?.DisplayName ?? "anonymous",
            purpose, operationName, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query))),
            fields.ToList(), citizens.ToList(), outcome, errorCodes.ToList());
        try
        {
            await http.RequestServices.GetRequiredService<AuditWriter>().AppendAsync(record);
            return true;
        }
        catch (AuditUnavailableException)
        {
            return false;
        }
    }

    /// <summary>A request refused before execution: audited as rejected, then answered with the error.</summary>
    private static async Task RejectAsync(HttpContext http, HubPrincipal principal, int status, string code, string message, string mediaType)
    {
        if (!await TryAuditAsync(http, principal, null, null, "", [], [], "rejected", [code]))
        {
            await AuditUnavailableAsync(http, mediaType);
            return;
        }

        await RequestError(http, status, code, message, mediaType);
    }

    private static Task AuditUnavailableAsync(HttpContext http, string mediaType) =>
        RequestError(http, StatusCodes.Status503ServiceUnavailable, "AUDIT_UNAVAILABLE",
            "The audit log cannot be written, so no data is returned. Try again later.", mediaType);

    private static async Task<GraphQLRequest> ReadRequestAsync(HttpContext http)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestShapeException("The request body must be a JSON object with a 'query'.");
        }

        if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || query.GetString()!.Length == 0)
        {
            throw new RequestShapeException("The request needs 'query', a non-empty string.");
        }

        var serializer = Serializer(http);
        return new GraphQLRequest
        {
            Query = query.GetString(),
            OperationName = OptionalString(root, "operationName"),
            Variables = OptionalObject(root, "variables", serializer.ReadNode<Inputs>),
            Extensions = OptionalObject(root, "extensions", serializer.ReadNode<Inputs>),
        };
    }

    private static string? OptionalString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new RequestShapeException($"'{name}' must be a string.");

    private static Inputs? OptionalObject(JsonElement root, string name, Func<object?, Inputs?> read) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Object ? read(value)
        : throw new RequestShapeException($"'{name}' must be a JSON object.");

    private static bool IsMutationOrSubscription(string query, string? operationName)
    {
        try
        {
            var operations = Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = operationName is null
                ? operations.FirstOrDefault()
                : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
            return operation?.Operation is OperationType.Mutation or OperationType.Subscription;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return false; // The executor reports the syntax error in the usual shape.
        }
    }

    /// <summary>The media type to answer in, or null when the client accepts neither.</summary>
    private static string? Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return GraphQLResponseJson;
        }

        foreach (var type in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var name = type.MediaType.Value ?? "";
            if (name.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase) || name is "*/*" or "application/*")
            {
                return GraphQLResponseJson;
            }

            if (name.Equals(Json, StringComparison.OrdinalIgnoreCase))
            {
                return Json;
            }
        }

        return null;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static Task RequestError(HttpContext http, int status, string code, string message, string mediaType)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult { Executed = false, Errors = [new DataHubError(code, message)] };
        return Serializer(http).WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static IGraphQLTextSerializer Serializer(HttpContext http) => http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();

    private sealed class RequestShapeException(string message) : Exception(message);
}
