using DataHub.Hub.Admin;
using DataHub.Hub.Audit;
using DataHub.Hub.Composition;
using DataHub.Hub.Health;
using DataHub.Hub.Hosting;
using DataHub.Hub.Identity;
using DataHub.Hub.Quality;
using DataHub.Hub.Registry;
using DataHub.Hub.Seeding;

var builder = WebApplication.CreateBuilder(args);

// `seed --citizens N` builds the demo data, then exits.
if (args is ["seed", .. var seedArgs])
{
    return DemoData.RunSeedCommand(builder.Configuration, builder.Environment.ContentRootPath, seedArgs);
}

builder.Services
    .AddDataHubComposition(builder.Configuration)
    .AddDataHubRegistry(builder.Configuration)
    .AddDataHubIdentity(builder.Configuration)
    .AddDataHubAudit(builder.Configuration)
    .AddDataHubAdmin()
    .AddDataHubQuality()
    .AddDataHubHealth()
    .AddDataHubWebHardening()
    .AddDataHubRateLimits();

var app = builder.Build();
var isCommand = args is ["token", ..] or ["audit", ..];
if (!isCommand)
{
    app.StartDemoDepartments();
}

try
{
    app.EnsureDemoData().ComposeSchema();
    await app.PrepareRegistryAsync();
    await app.PrepareAuditAsync();
}
catch (Exception ex) when (ex is CompositionException or UnknownSchemaException or CheckpointKeyException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

// `token --department so-y-te` prints a bearer token from the local issuer, then exits.
if (args is ["token", .. var tokenArgs])
{
    return await TokenCommand.RunAsync(app.Services, tokenArgs);
}

// `audit verify` walks the audit chain; `audit export --from T --to T` writes JSON Lines.
if (args is ["audit", .. var auditArgs])
{
    return await AuditCommand.RunAsync(app.Services, auditArgs);
}

// `quality run` reconciles the sources with the data-quality rules; `quality recheck ID...` re-checks some citizens.
if (args is ["quality", .. var qualityArgs])
{
    return await QualityCommand.RunAsync(app.Services, qualityArgs);
}

app.UseDataHubRequestPipeline();
app.Run();
return 0;

/// <summary>The hub's entry point; public so tests can host it.</summary>
public partial class Program;
