using DataHub.Hub.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Ide;

/// <summary>
/// Serves Banana Cake Pop, self-hosted from the npm package the build fetches, under <c>/graphql/</c>,
/// pointed at the same URL (so it introspects and queries this hub, offline).
/// </summary>
public static class BananaCakePop
{
    public static WebApplication MapBananaCakePop(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var directory = options.ResolvePath(app.Environment.ContentRootPath, options.IdeDirectory);

        app.MapGet("/graphql/bcp-config.json", () => Results.Json(new { useBrowserUrlAsEndpoint = true }));
        if (!File.Exists(Path.Combine(directory, "index.html")))
        {
            // Not a route: routing ignores the trailing slash, so a "/graphql/" route would also match GET /graphql?query=
            // and make every GraphQL GET ambiguous (500) on a hub without the IDE files.
            app.Use((context, next) => context.Request.Path.Value == "/graphql/" && HttpMethods.IsGet(context.Request.Method)
                ? Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The IDE files are missing.",
                    detail: "Banana Cake Pop is fetched from npm by 'dotnet build'; build src/Hub once with npm available.").ExecuteAsync(context)
                : next(context));
            return app;
        }

        var files = new PhysicalFileProvider(directory);
        // Only /graphql/ is the IDE page; /graphql itself stays the GraphQL endpoint (a browser is redirected there).
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/graphql/")
            {
                context.Request.Path = "/graphql/index.html";
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/graphql", FileProvider = files });

        // Routing comes after the IDE files: routing would otherwise give /graphql/ to the GraphQL endpoint.
        app.UseRouting();
        return app;
    }
}
