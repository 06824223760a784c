using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.LienThong;

/// <summary>Runs one department worker as its own process: options from the command line, a hub client, the loop.</summary>
public static class WorkerHost
{
    /// <summary>Runs the department's workers (hosted services added by <paramref name="addWorkers"/>) until stopped.</summary>
    public static int Run(string[] args, string department, Action<IServiceCollection> addWorkers)
    {
        ArgumentNullException.ThrowIfNull(addWorkers);
        var options = WorkerOptions.Read(args, department, Console.Out, Console.Error, out var exitCode);
        if (options is null)
        {
            return exitCode;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new HubClient(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options.Hub, options.Department, options.ClientSecret, TimeProvider.System));
        addWorkers(builder.Services);
        if (options.ExitWithProcessId is { } parent)
        {
            builder.Services.AddHostedService(services => new ParentProcessWatch(parent, services.GetRequiredService<IHostApplicationLifetime>()));
        }

        Console.WriteLine($"Worker {department} on {options.Hub}, database {options.Database}");
        builder.Build().Run();
        return 0;
    }
}
