using DataHub.Hub.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Ide;

/// <summary>
/// Serves Banana Cake Pop, self-hosted from the npm package the build fetches, under <c>/graphql/</c>,
/// pointed at the same URL (so it introspects and queries this hub, offline). In Development a new document opens
/// with the README's first query (<c>Ide/first-query.graphql</c>) and the endpoint set.
/// </summary>
public static class BananaCakePop
{
    /// <summary>The first query of the README, a new document's text in Development (relative to the content root).</summary>
    public const string FirstQueryFile = "Ide/first-query.graphql";

    public static WebApplication MapBananaCakePop(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var directory = options.ResolvePath(app.Environment.ContentRootPath, options.IdeDirectory);

        // The IDE reads its preset here (keys of Banana Cake Pop 18: useBrowserUrlAsEndpoint, endpoint, graphQLDocument).
        var firstQuery = Path.Combine(app.Environment.ContentRootPath, FirstQueryFile);
        object preset = app.Environment.IsDevelopment() && File.Exists(firstQuery)
            ? new { useBrowserUrlAsEndpoint = true, endpoint = "/graphql", graphQLDocument = File.ReadAllText(firstQuery) }
            : new { useBrowserUrlAsEndpoint = true };
        app.MapGet("/graphql/bcp-config.json", () => Results.Json(preset));
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
