using DataHub.SyntheticData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments;

/// <summary>What the two demo department services share: a Kestrel host on one URL, their data, a request counter.</summary>
public static class DepartmentHost
{
    /// <summary>A slim web host listening on <see cref="DepartmentOptions.Url"/> (port 0 picks a free port).</summary>
    public static WebApplicationBuilder CreateBuilder(DepartmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "DataHub.Departments" });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RequestCounter>();

        // A body that is not the expected JSON is a plain 400, never an exception page (Development would render one).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        if (options.ExitWithProcessId is { } parent)
        {
            builder.Services.AddHostedService(services => new ParentProcessWatch(parent, services.GetRequiredService<IHostApplicationLifetime>()));
        }

        return builder;
    }

    /// <summary>Writes the department's SQLite file unless it already holds exactly this seed; returns its path.</summary>
    public static string EnsureData(DepartmentOptions options, string file, Func<string, SeedOptions, int> seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seed);
        if (!DepartmentDataSeeder.IsSeeded(options.DataDirectory, file, options.Seed))
        {
            seed(options.DataDirectory, options.Seed);
        }

        return Path.Combine(options.DataDirectory, file);
    }

    /// <summary>The address the service listens on once started, e.g. http://127.0.0.1:41234.</summary>
    public static Uri Address(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return new Uri(addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The service is not listening."));
    }
}
