using DataHub.Departments;
using DataHub.Departments.CivilRegistration;
using DataHub.Departments.HealthInsurance;
using DataHub.Hub.Seeding;
using DataHub.SyntheticData;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>Whether the hub starts the two demo department services itself (<c>DataHub:DemoDepartments</c>).</summary>
public sealed class DemoDepartmentsOptions
{
    public const string SectionName = "DataHub:DemoDepartments";

    /// <summary>On in Development (<c>dotnet run</c>), off otherwise; tests start the services themselves.</summary>
    public bool Enabled { get; set; }
}

/// <summary>
/// The embedded demo's department services: civil registration (GraphQL) and health insurance (REST), each on its own
/// Kestrel listener at the address of <c>Sources:&lt;name&gt;:Url</c>, reached by the hub over real HTTP like any remote
/// department. Their data is built from the seed population.db was built from, so they know the same citizens.
/// </summary>
public static partial class DemoDepartments
{
    private static readonly (string Source, Func<DepartmentOptions, WebApplication> Build)[] Services =
    [
        ("civil-registration", CivilRegistrationService.Build),
        ("health-insurance", HealthInsuranceService.Build),
    ];

    /// <summary>Starts the services before composition, so the remote schema is checked against a live service.</summary>
    public static WebApplication StartDemoDepartments(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DemoDepartmentsOptions.SectionName).Get<DemoDepartmentsOptions>() ?? new();
        if (!options.Enabled)
        {
            return app;
        }

        app.EnsureDemoData();
        var hub = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var dataDirectory = hub.ResolvePath(app.Environment.ContentRootPath, hub.DataDirectory);
        var seed = DepartmentDataSeeder.ReadSeedOptions(Path.Combine(dataDirectory, DemoDataSeeder.PopulationFile)) ?? new SeedOptions(hub.DemoCitizens);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataHub.DemoDepartments");
        foreach (var (source, build) in Services)
        {
            if (!Uri.TryCreate(app.Configuration[$"Sources:{source}:Url"], UriKind.Absolute, out var url))
            {
                LogNoUrl(logger, source);
                continue;
            }

            try
            {
                var service = build(new DepartmentOptions(url.GetLeftPart(UriPartial.Authority), Path.Combine(dataDirectory, "departments"), seed));
                service.StartAsync().GetAwaiter().GetResult();
                app.Lifetime.ApplicationStopping.Register(() => service.StopAsync().GetAwaiter().GetResult());
                LogStarted(logger, source, url);
            }
            catch (IOException ex)
            {
                // A port in use (another hub running) leaves that source unavailable, not the hub down.
                LogNotStarted(logger, source, url, ex.Message);
            }
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo department service {Source} listening at {Url}")]
    private static partial void LogStarted(ILogger logger, string source, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo department service {Source} not started at {Url}: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string source, Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo department service {Source} not started: Sources:{Source}:Url is not set")]
    private static partial void LogNoUrl(ILogger logger, string source);
}
