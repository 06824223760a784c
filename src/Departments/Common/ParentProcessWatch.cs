using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace DataHub.Departments;

/// <summary>
/// Stops a department service started by the hub (<c>--exit-with</c>) once the hub's process is gone, so a hub that was
/// killed leaves no service holding its port.
/// </summary>
public sealed class ParentProcessWatch(int processId, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsRunning(processId))
            {
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
