using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Health;
using DataHub.Hub.Hosting;
using DataHub.Hub.Ide;
using DataHub.Hub.Seeding;

var builder = WebApplication.CreateBuilder(args);

// Commands: `seed --citizens N` builds the demo data, then exits.
if (args is ["seed", .. var seedArgs])
{
    return DemoData.RunSeedCommand(builder.Configuration, builder.Environment.ContentRootPath, seedArgs);
}

builder.Services.AddDataHubComposition(builder.Configuration);

var app = builder.Build();
try
{
    app.EnsureDemoData().ComposeSchema();
}
catch (CompositionException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

app.MapBananaCakePop();
app.MapGraphQLEndpoint();
app.MapHealthEndpoint();
app.Run();
return 0;

/// <summary>The hub's entry point; public so tests can host it.</summary>
public partial class Program;
