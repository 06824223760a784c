using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using GraphQL.Types;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c>, per the GraphQL-over-HTTP spec: <c>POST</c> with
/// <c>application/json</c>; <c>GET</c> with <c>?query=</c> for queries only; answers in
/// <c>application/graphql-response+json</c> when the client asks for it (4xx for requests that cannot execute), else
/// <c>application/json</c> (no Accept, a wildcard, or JSON named; 200 for every well-formed request). A browser's
/// <c>GET</c> gets the IDE.
/// Every request goes through <see cref="GraphQLPipeline"/>, as the admin API's do.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], http => Guarded(http, pipeline =>
        {
            var surface = new GraphQLSurface("Query", http.RequestServices.GetRequiredService<ISchema>());
            // A client that accepts an event stream gets GraphQL over Server-Sent Events, through the same pipeline.
            return Subscriptions.ServerSentEventsTransport.Accepts(http.Request)
                ? http.RequestServices.GetRequiredService<Subscriptions.ServerSentEventsTransport>().HandleAsync(http, surface)
                : pipeline.HandleAsync(http, surface);
        }))
            .RequireAuthorization(HubPolicies.Caller);
        app.MapMethods(Path, ["PUT", "PATCH", "DELETE"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "GET, POST";
            return WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Use POST (or GET for queries) on /graphql.");
        });
        return app;
    }

    /// <summary>A browser opening <c>GET /graphql</c> without a query gets the IDE (no token needed for that).</summary>
    public static IApplicationBuilder UseIdeRedirect(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(http.Request.Query["query"]) && AcceptsHtml(http.Request))
        {
            http.Response.Redirect(Path + "/");
            return;
        }

        await next(http);
    });

    /// <summary>
    /// Runs a pipeline step with the two answers no caller can cause: 503 when the registry or audit database is
    /// down, and a bare 500 for a bug (logged; never a stack trace or SQL to the caller).
    /// </summary>
    public static async Task Guarded(HttpContext http, Func<GraphQLPipeline, Task> handle)
    {
        try
        {
            await handle(http.RequestServices.GetRequiredService<GraphQLPipeline>());
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !http.Response.HasStarted)
        {
            http.Response.Clear();
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, DatabaseErrors.Code, "The hub's database is unavailable; try again shortly.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !http.Response.HasStarted)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DataHub.GraphQL").LogError(ex, "Unexpected error in the GraphQL pipeline");
            http.Response.Clear();
            await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "The hub failed to answer; this is a bug.");
        }
    }

    private static bool AcceptsHtml(HttpRequest request)
    {
        try
        {
            return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // The one writer of errors outside GraphQL execution (also the 401/403 answers), so every refusal has one shape.
    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return IdentityServiceExtensions.WriteErrorAsync(http.Response, code, message);
    }
}
