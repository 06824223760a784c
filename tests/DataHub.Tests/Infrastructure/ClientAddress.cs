using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// The test server has no socket, so requests come from no address: registered as a startup filter, this presents
/// every request as coming from <paramref name="address"/> (a proxy on loopback, or some other host), before any middleware.
/// </summary>
public sealed class ClientAddress(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext http, RequestDelegate nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = address;
            return nextMiddleware(http);
        });
        next(app);
    };
}
