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

var builder = WebApplication.CreateBuilder(args);
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
app.Run();
return 0;

/// <summary>The hub's entry point; public so tests can host it.</summary>
public partial class Program;
