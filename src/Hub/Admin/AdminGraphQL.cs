using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using GraphQL.Types;

namespace DataHub.Hub.Admin;

/// <summary>
/// The admin schema on the one pipeline: <c>POST /admin/graphql</c> for stewards (and departments asking for access).
/// The steward console calls the services its resolvers call (<see cref="StewardReads"/>, <see cref="Governance"/>).
/// </summary>
public sealed class AdminGraphQL(IServiceProvider services)
{
    public const string Path = "/admin/graphql";

    private readonly Lazy<GraphQLSurface> _surface = new(() => new GraphQLSurface("Admin", AdminSchema.Build(services)));

    public ISchema Schema => _surface.Value.Schema;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, http => GraphQLHttpEndpoint.Guarded(http, pipeline =>
            pipeline.HandleAsync(http, http.RequestServices.GetRequiredService<AdminGraphQL>()._surface.Value)))
            .RequireAuthorization(HubPolicies.StewardOrDepartment);
}
