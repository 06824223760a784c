using DataHub.Hub.Admin;
using DataHub.Hub.Audit;
using DataHub.Hub.Composition;
using DataHub.Hub.Documents;
using DataHub.Hub.Events;
using DataHub.Hub.Health;
using DataHub.Hub.Hosting;
using DataHub.Hub.Identity;
using DataHub.Hub.Quality;
using DataHub.Hub.Registry;
using DataHub.Hub.Statistics;
using DataHub.Hub.Telemetry;
using DataHub.Hub.Web;

// Settings are bound once and validated at start, so the configuration files are not watched: a watcher on the content
// root would also wake for every write under it (the demo data folder, src/Hub/data: each audit commit).
var builder = WebApplication.CreateBuilder([.. args, HubCommandLine.NoConfigurationReload]);
builder.AddDataHubTelemetry();
builder.Services
    .AddDataHubComposition(builder.Configuration)
    .AddDataHubRegistry(builder.Configuration)
    .AddDataHubIdentity(builder.Configuration)
    .AddDataHubAudit(builder.Configuration)
    .AddDataHubEvents(builder.Configuration)
    .AddDataHubAdmin()
    .AddDataHubDocuments()
    .AddDataHubWebPages()
    .AddDataHubQuality()
    .AddDataHubStatistics()
    .AddDataHubHealth()
    .AddDataHubWebHardening()
    .AddDataHubRateLimits();

// `token`, `audit`, `seed`, `documents`, `quality` (and `--help`): run the command, then exit (HubCommandLine).
if (HubCommandLine.IsCommand(args))
{
    return await HubCommandLine.RunAsync(builder, args);
}

var app = builder.Build();
app.StartDemoDepartments();
if (await app.PrepareDataHubAsync() is { } problem)
{
    Console.Error.WriteLine(problem);
    return 1;
}

app.UseDataHubRequestPipeline();
app.StartDemoWorkers(); // the liên thông workers, once the hub listens
app.Run();
return 0;

/// <summary>The hub's entry point; public so tests can host it.</summary>
public partial class Program;
