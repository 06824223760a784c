using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DataHub.Hub.Admin;

/// <summary>
/// Runs operations against the admin schema: for <c>POST /admin/graphql</c> and, in-process, for the steward
/// console, so both take the same checks and give the same errors.
/// </summary>
public sealed partial class AdminGraphQL(IServiceProvider services, ILogger<AdminGraphQL> logger)
{
    public const string Path = "/admin/graphql";

    private readonly Lazy<ISchema> _schema = new(() => AdminSchema.Build(services));
    private readonly DocumentExecuter _executer = new();

    public ISchema Schema => _schema.Value;

    /// <summary>
    /// Runs one operation, then appends it to the audit chain like any other request (who, which admin fields,
    /// whose records, outcome); without an audit store, no answer.
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(
        HubPrincipal principal, string query, Inputs? variables, string? operationName, string requestId, IServiceProvider requestServices,
        CancellationToken cancellationToken)
    {
        var request = new HubRequestContext(principal);
        var result = await _executer.ExecuteAsync(options =>
        {
            options.Schema = _schema.Value;
            options.Query = query;
            options.Variables = variables;
            options.OperationName = operationName;
            options.UserContext = request;
            options.RequestServices = requestServices;
            options.CancellationToken = cancellationToken;
            options.ThrowOnUnhandledException = false;
            options.UnhandledExceptionDelegate = context =>
            {
                if (context.OriginalException is not ExecutionError)
                {
                    LogUnexpected(logger, context.OriginalException);
                    context.Exception = new DataHubError(ErrorCodes.InternalError, "The hub could not complete this operation; nothing was changed.");
                }

                return Task.CompletedTask;
            };
        });

        var codes = result.Errors?.Select(e => e.Code ?? ErrorCodes.InternalError).ToList() ?? [];
        var outcome = !result.Executed || result.Data is null ? "rejected" : codes.Count > 0 ? "partial" : "ok";
        var record = new AuditRecord(DateTime.UtcNow, requestId, principal.Kind.ToString().ToLowerInvariant(), principal.DisplayName, null,
            operationName, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query))), RootFields(query, operationName),
            request.CitizensRead.Keys.ToList(), outcome, codes);
        try
        {
            await requestServices.GetRequiredService<AuditWriter>().AppendAsync(record);
        }
        catch (AuditUnavailableException)
        {
            return new ExecutionResult
            {
                Executed = false,
                Errors = [new DataHubError("AUDIT_UNAVAILABLE", "The audit log cannot be written, so no answer is given. Try again later.")],
            };
        }

        return result;
    }

    /// <summary>What the audit entry names as read: the operation's root fields, as <c>Admin.field</c>.</summary>
    private static List<string> RootFields(string query, string? operationName)
    {
        try
        {
            var operation = GraphQLParser.Parser.Parse(query).Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>()
                .FirstOrDefault(o => operationName is null || o.Name?.StringValue == operationName);
            return operation?.SelectionSet.Selections.OfType<GraphQLParser.AST.GraphQLField>()
                .Select(f => "Admin." + f.Name.StringValue).Distinct().ToList() ?? [];
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return [];
        }
    }

    /// <summary>The result as JSON, in the shape every caller parses (codes, no exception details).</summary>
    public static string Serialize(IServiceProvider requestServices, ExecutionResult result) =>
        requestServices.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);

    internal static void Map(IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext http)
    {
        var principal = await AuthenticateAsync(http);
        if (principal is null)
        {
            return;
        }

        string? query;
        Inputs? variables;
        string? operationName;
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var root = document.RootElement;
            query = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            variables = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object
                ? serializer.ReadNode<Inputs>(v) : null;
            operationName = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("operationName", out var o) && o.ValueKind == JsonValueKind.String
                ? o.GetString() : null;
        }
        catch (JsonException)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.InvalidJson, "The request body is not valid JSON.");
            return;
        }

        if (string.IsNullOrEmpty(query))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.InvalidRequest, "The request needs 'query', a non-empty string.");
            return;
        }

        var admin = http.RequestServices.GetRequiredService<AdminGraphQL>();
        var result = await admin.ExecuteAsync(principal, query, variables, operationName, http.TraceIdentifier, http.RequestServices, http.RequestAborted);
        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>401 without a valid token, 403 for a refused token or a citizen; stewards and departments go on.</summary>
    private static async Task<HubPrincipal?> AuthenticateAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return null;
        }

        var (principal, refusal) = await http.RequestServices.GetRequiredService<PrincipalResolver>().ResolveAsync(result.Principal, http.RequestAborted);
        if (principal is null || principal.Kind == PrincipalKind.Citizen)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, refusal?.Code ?? AdminErrors.StewardOnly,
                refusal?.Message ?? "The admin API is for data stewards (and departments asking for access).");
            return null;
        }

        return principal;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in an admin operation")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
