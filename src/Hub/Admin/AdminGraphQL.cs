using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;

namespace DataHub.Hub.Admin;

/// <summary>
/// The admin schema on the one pipeline: <c>POST /admin/graphql</c> for stewards (and departments asking for access),
/// and in-process for the steward console, so both take the same checks, limits, audit entry and errors.
/// </summary>
public sealed class AdminGraphQL(IServiceProvider services)
{
    public const string Path = "/admin/graphql";

    private readonly Lazy<GraphQLSurface> _surface = new(() => new GraphQLSurface("Admin", AdminSchema.Build(services)));

    public ISchema Schema => _surface.Value.Schema;

    /// <summary>Runs one operation for an in-process caller (the console) through the pipeline, audit entry included.</summary>
    public Task<ExecutionResult> ExecuteAsync(
        HubPrincipal principal, string query, Inputs? variables, string? operationName, string requestId, IServiceProvider requestServices,
        CancellationToken cancellationToken) =>
        requestServices.GetRequiredService<GraphQLPipeline>().ExecuteAsync(_surface.Value, principal, null,
            new GraphQLRequest { Query = query, Variables = variables, OperationName = operationName }, requestId, requestServices, cancellationToken);

    /// <summary>The result as JSON, in the shape every caller parses (codes, no exception details).</summary>
    public static string Serialize(IServiceProvider requestServices, ExecutionResult result) =>
        requestServices.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, http => GraphQLHttpEndpoint.Guarded(http, pipeline =>
            pipeline.HandleAsync(http, http.RequestServices.GetRequiredService<AdminGraphQL>()._surface.Value)))
            .RequireAuthorization(HubPolicies.StewardOrDepartment);
}
