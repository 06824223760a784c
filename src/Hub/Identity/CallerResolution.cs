using DataHub.Hub.Registry;

namespace DataHub.Hub.Identity;

/// <summary>Resolves the caller once per request, right after authentication, for everything after it.</summary>
public static class CallerResolution
{
    public static IApplicationBuilder UseHubCallers(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            HubCaller caller;
            try
            {
                caller = Resolve(http);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                // The registry (departments) cannot be read: nobody can be resolved, and nothing is answered.
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await IdentityServiceExtensions.WriteErrorAsync(http.Response, DatabaseErrors.Code, "The hub's database is unavailable; try again shortly.");
                return;
            }

            http.Features.Set(caller);
        }

        await next(http);
    });

    /// <summary>
    /// The caller of an authenticated request, put on it for everything after: the middleware above, and a WebSocket
    /// that authenticates later with the token its <c>connection_init</c> carries (browsers cannot set its headers).
    /// </summary>
    public static HubCaller Resolve(HttpContext http)
    {
        var (principal, refusal) = http.RequestServices.GetRequiredService<PrincipalResolver>().Resolve(http.User);
        var caller = new HubCaller(principal, refusal);
        http.Features.Set(caller);
        return caller;
    }
}
