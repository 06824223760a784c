using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Health;
using DataHub.Hub.Ide;
using DataHub.Hub.Identity;
using DataHub.Hub.Quality;

namespace DataHub.Hub.Hosting;

/// <summary>The middleware and endpoints in the order every request meets them.</summary>
public static class RequestPipelineExtensions
{
    public static WebApplication UseDataHubRequestPipeline(this WebApplication app)
    {
        app.UseDataHubWebHardening(); // forwarded headers first: everything after sees the client
        app.MapBananaCakePop(); // the IDE's files, then routing
        app.UseIdeRedirect();
        app.UseAuthentication();
        app.UseHubCallers(); // the caller, resolved once
        app.UseDataHubRateLimits(); // before authorization: refusals of unknown callers are limited too
        app.UseAuthorization(); // the route groups' policies
        app.MapGraphQLEndpoint();
        app.MapHealthEndpoint();
        app.MapAdminEndpoints();
        app.MapDataQuality();
        return app;
    }
}
