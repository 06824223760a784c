using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DataHub.Hub.Identity;
using DataHub.SyntheticData;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>
/// The demo's liên thông workers, one per acting department (cong-an, bhxh, so-ldtbxh), started like the department
/// services (<c>dotnet exec</c> of their own builds, <c>--exit-with</c>) once the hub listens, since they read and
/// publish through it. Each takes its token by client credentials at <c>/connect/token</c>: the hub hands it its
/// department's secret in the environment (configured, or made for this run), never on the command line.
/// </summary>
public static partial class DemoWorkers
{
    /// <summary>Department → the database it owns and writes, relative to the data folder.</summary>
    private static readonly (string Department, string Database)[] Workers =
    [
        ("cong-an", DemoDataSeeder.PopulationFile),
        ("bhxh", Path.Combine("departments", DepartmentDataSeeder.HealthInsuranceFile)),
        ("so-ldtbxh", DemoDataSeeder.WelfareFile),
    ];

    public static WebApplication StartDemoWorkers(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DemoDepartmentsOptions.SectionName).Get<DemoDepartmentsOptions>() ?? new();
        if (!options.Enabled || !options.Workers || app.Services.GetRequiredService<IdentityOptions>().UsesEntraId)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataHub.DemoWorkers");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var hub = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = hub.ResolvePath(app.Environment.ContentRootPath, hub.DataDirectory);
            var address = Loopback(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault());
            var clients = app.Services.GetRequiredService<ClientCredentials>();
            foreach (var (department, database) in Workers)
            {
                var assembly = AssemblyOf(department);
                if (address is null || assembly is null || !File.Exists(assembly))
                {
                    LogNotBuilt(logger, department, assembly ?? "(unknown)");
                    continue;
                }

                var start = new ProcessStartInfo("dotnet")
                {
                    ArgumentList =
                    {
                        "exec", assembly,
                        "--hub", address,
                        "--database", Path.Combine(dataDirectory, database),
                        "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                    },
                    UseShellExecute = false,
                    Environment = { ["DATAHUB_CLIENT_SECRET"] = clients.SecretFor(department) },
                };
                var process = Process.Start(start)!;
                app.Lifetime.ApplicationStopping.Register(() => ChildProcesses.Stop(process));
                LogStarted(logger, department, process.Id);
            }

            StartPublicService(app, options, address, clients, logger);
        });
        return app;
    }

    /// <summary>The family's filing app, as so-tu-phap: on its URL, calling the hub and the civil registry's write API.</summary>
    private static void StartPublicService(WebApplication app, DemoDepartmentsOptions options, string? address, ClientCredentials clients, ILogger logger)
    {
        var assembly = AssemblyOf("public-service");
        if (address is null || assembly is null || !File.Exists(assembly)
            || !Uri.TryCreate(app.Configuration["Sources:civil-registration:Url"], UriKind.Absolute, out var registry))
        {
            LogNotBuilt(logger, "public-service", assembly ?? "(unknown)");
            return;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "exec", assembly,
                "--urls", options.PublicServiceUrl,
                "--hub", address,
                "--civil-registry", registry.GetLeftPart(UriPartial.Authority),
                "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            },
            UseShellExecute = false,
            Environment = { ["DATAHUB_CLIENT_SECRET"] = clients.SecretFor("so-tu-phap") },
        };
        var process = Process.Start(start)!;
        app.Lifetime.ApplicationStopping.Register(() => ChildProcesses.Stop(process));
        LogStarted(logger, "public-service (so-tu-phap) at " + options.PublicServiceUrl, process.Id);
    }

    /// <summary>Where the hub's project put the worker's assembly (recorded at build time), or null.</summary>
    internal static string? AssemblyOf(string department) => typeof(DemoWorkers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "DemoWorker:" + department)?.Value;

    /// <summary>The hub's own address as a child on this machine reaches it (http://localhost:5080 → http://127.0.0.1:5080).</summary>
    private static string? Loopback(string? address)
    {
        if (address is null || !Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return $"{uri.Scheme}://127.0.0.1:{uri.Port}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo worker {Department} started (process {ProcessId})")]
    private static partial void LogStarted(ILogger logger, string department, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo worker {Department} not started: its assembly {Assembly} is not built (dotnet build src/Hub), or the hub has no address")]
    private static partial void LogNotBuilt(ILogger logger, string department, string assembly);
}
