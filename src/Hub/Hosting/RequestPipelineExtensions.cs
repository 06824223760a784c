using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.GraphQL.Subscriptions;
using DataHub.Hub.Health;
using DataHub.Hub.Ide;
using DataHub.Hub.Identity;
using DataHub.Hub.Ioc;
using DataHub.Hub.Portal;
using DataHub.Hub.Quality;
using DataHub.Hub.Statistics;
using DataHub.Hub.Telemetry;
using DataHub.Hub.Web;

namespace DataHub.Hub.Hosting;

/// <summary>The middleware and endpoints in the order every request meets them.</summary>
public static class RequestPipelineExtensions
{
    public static WebApplication UseDataHubRequestPipeline(this WebApplication app)
    {
        app.UseDataHubWebHardening(); // forwarded headers first: everything after sees the client
        app.UseDataHubWebPages(); // the pages' language
        app.MapBananaCakePop(); // the IDE's files, then routing
        app.UseIdeRedirect();
        app.UseAuthentication();
        app.UseHubCallers(); // the caller, resolved once
        app.UseDataHubRateLimits(); // before authorization: refusals of unknown callers are limited too
        app.UseGraphQLWebSockets(); // a socket's token may come after the upgrade: admitted by the same policy in the transport
        app.UseAuthorization(); // the route groups' policies
        app.MapGraphQLEndpoint();
        app.MapHealthEndpoint();
        app.MapAdminEndpoints();
        app.MapMetricsEndpoint();
        app.MapDataQuality();
        app.MapLocalTokenEndpoint(); // client credentials for department apps (local issuer only)
        app.MapLocalCitizenProvider(); // issue 17: the stand-in e-ID provider (when CitizenId:Authority is unset)
        app.MapCitizenPortal(); // issue 17: /me
        app.MapReportForms(); // issue 15: the IOC's report forms
        app.MapIocDashboard(); // issue 15: the IOC dashboard at /ioc
        return app;
    }
}
