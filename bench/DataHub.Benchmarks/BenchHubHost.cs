using System.Runtime.InteropServices;
using DataHub.Hub.Audit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataHub.Benchmarks;

/// <summary>
/// The hub's own Program, hosted by the bench with real Kestrel (<c>WebApplicationFactory.UseKestrel</c>) in its own
/// process, for the audit-cost scenario: with <c>--no-audit</c> the audit writer's registration is replaced through DI
/// by one that records nothing. The hub has no switch for that: only this host, which production never runs, swaps it.
/// Both arms of the scenario (audit on, audit off) run in this same host, so the host itself is not in the ratio.
/// <c>DataHub.Benchmarks hub-host --port N [--no-audit]</c>; settings come from the environment, as for the hub.
/// </summary>
public static class BenchHubHost
{
    public const string EnvironmentName = "Benchmark";

    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--port");
        var port = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        await using var factory = new Factory(audit: !args.Contains("--no-audit"));
        factory.UseKestrel(port);
        factory.StartServer();

        var stopped = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task;
        return 0;
    }

    private sealed class Factory(bool audit) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(EnvironmentName);
            if (!audit)
            {
                builder.ConfigureServices(services =>
                {
                    services.RemoveAll<AuditWriter>();
                    services.AddSingleton<AuditWriter, NoAuditWriter>();
                });
            }
        }
    }

    /// <summary>Completes every append at once and stores nothing: the hub as it would run without audit.</summary>
    private sealed class NoAuditWriter(
        Microsoft.EntityFrameworkCore.IDbContextFactory<AuditDbContext> store, ILogger<AuditWriter> logger) : AuditWriter(store, logger)
    {
        // The endpoint only awaits the append; no entry exists to return.
        private static readonly Task<AuditEntry> Nothing = Task.FromResult<AuditEntry>(null!);

        public override Task<AuditEntry> AppendAsync(AuditRecord record) => Nothing;
    }
}
