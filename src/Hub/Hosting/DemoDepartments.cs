using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DataHub.Hub.Seeding;
using DataHub.SyntheticData;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>
/// The embedded demo's department services, civil registration (GraphQL) and health insurance (REST), started as child
/// processes (<c>dotnet exec</c> of their own builds) at the address of <c>Sources:&lt;name&gt;:Url</c>, and reached by
/// the hub over real HTTP like any remote department. The hub's assembly does not reference them: its project builds
/// them alongside (a build-order reference) and records where their assemblies are (<see cref="AssemblyMetadataAttribute"/>
/// <c>DemoDepartment:&lt;source&gt;</c>). Their data is built from the seed population.db was built from, so they know the
/// same citizens. Each child exits by itself when the hub's process is gone (<c>--exit-with</c>).
/// </summary>
public static partial class DemoDepartments
{
    private static readonly string[] Sources = ["civil-registration", "health-insurance"];

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
        var started = new List<(string Source, Process Process, Uri Url)>();
        foreach (var source in Sources)
        {
            if (!Uri.TryCreate(app.Configuration[$"Sources:{source}:Url"], UriKind.Absolute, out var url))
            {
                LogNoUrl(logger, source);
                continue;
            }

            var assembly = AssemblyOf(source);
            if (assembly is null || !File.Exists(assembly))
            {
                LogNotBuilt(logger, source, assembly ?? "(unknown)");
                continue;
            }

            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "exec", assembly,
                    "--urls", url.GetLeftPart(UriPartial.Authority),
                    "--data", Path.Combine(dataDirectory, "departments"),
                    "--citizens", seed.Citizens.ToString(CultureInfo.InvariantCulture),
                    "--seed", seed.RandomSeed.ToString(CultureInfo.InvariantCulture),
                    "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                },
                UseShellExecute = false,
            };
            var process = Process.Start(start)!;
            app.Lifetime.ApplicationStopping.Register(() => ChildProcesses.Stop(process));
            started.Add((source, process, url));
        }

        // Composition introspects the GraphQL service: wait (bounded) until each child answers or has exited.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var (source, process, url) in started)
        {
            if (WaitUntilAnswering(http, process, new Uri(new Uri(url.GetLeftPart(UriPartial.Authority)), "/_requests"), options.StartTimeoutSeconds))
            {
                LogStarted(logger, source, url, process.Id);
            }
            else
            {
                // A port in use (another hub running) or a crash leaves that source unavailable, not the hub down.
                LogNotStarted(logger, source, url, process.HasExited ? $"exited with {process.ExitCode}" : "no answer in time");
            }
        }

        return app;
    }

    /// <summary>Where the hub's project put the department's assembly (recorded at build time), or null.</summary>
    internal static string? AssemblyOf(string source) => typeof(DemoDepartments).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "DemoDepartment:" + source)?.Value;

    private static bool WaitUntilAnswering(HttpClient http, Process process, Uri probe, int timeoutSeconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = http.GetAsync(probe).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            Thread.Sleep(100);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo department service {Source} listening at {Url} (process {ProcessId})")]
    private static partial void LogStarted(ILogger logger, string source, Uri url, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo department service {Source} not started at {Url}: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string source, Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo department service {Source} not started: Sources:{Source}:Url is not set")]
    private static partial void LogNoUrl(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo department service {Source} not started: its assembly {Assembly} is not built (dotnet build src/Hub)")]
    private static partial void LogNotBuilt(ILogger logger, string source, string assembly);
}
