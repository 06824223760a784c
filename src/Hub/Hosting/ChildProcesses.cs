using System.Diagnostics;

namespace DataHub.Hub.Hosting;

/// <summary>What the demo does with the child processes it starts (department services, workers, the filing app).</summary>
internal static class ChildProcesses
{
    /// <summary>Ends a child and everything it started when the hub stops; a child already gone is fine.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            process.Dispose();
        }
    }
}
