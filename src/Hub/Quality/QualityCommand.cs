using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataHub.Hub.Hosting;

namespace DataHub.Hub.Quality;

/// <summary>
/// <c>quality run [--rule CODE]... [--resume] [--max-batches N]</c>: runs the reconciliation with a progress line,
/// stops cleanly on Ctrl+C (resume with <c>--resume</c>), and prints the score per rule;
/// <c>quality recheck ID...</c> re-checks some citizens in the newest finished run. Exit codes as for every command
/// (<see cref="HubCommandLine"/>); a run stopped before its end (Ctrl+C, <c>--max-batches</c>) is 1.
/// </summary>
public static class QualityCommand
{
    public static Command Create(Func<Task<IServiceProvider>> services)
    {
        var rule = new Option<string[]>("--rule") { Description = "Only this rule (repeat for more); by default every rule.", HelpName = "code" };
        var resume = new Option<bool>("--resume") { Description = "Go on with the newest stopped run." };
        var maxBatches = new Option<int?>("--max-batches") { Description = "Stop after N batches (resume later with --resume).", HelpName = "N" };
        WholeNumberOption.Within(maxBatches, 1, int.MaxValue, "--max-batches must be 1 or more.");
        var run = new Command("run", "Reconcile the sources with the rules in schema/quality-rules.json, with a progress line.") { rule, resume, maxBatches };
        run.SetAction(async (parsed, cancellationToken) => await RunAsync(
            await services(), parsed.GetValue(rule) ?? [], parsed.GetValue(resume), parsed.GetValue(maxBatches), cancellationToken));

        var ids = new Argument<string[]>("personalId") { Description = "The citizens to re-check.", Arity = ArgumentArity.OneOrMore };
        var recheck = new Command("recheck", "Re-check some citizens in the newest finished run (e.g. after a life event).") { ids };
        recheck.SetAction(async (parsed, cancellationToken) =>
        {
            var citizens = parsed.GetValue(ids)!;
            var findings = await (await services()).GetRequiredService<QualityEngine>().RecheckAsync(citizens, cancellationToken);
            Console.WriteLine($"Re-checked {citizens.Length} citizens: {findings.Count} findings.");
            return HubCommandLine.Done;
        });
        return new Command("quality", "Data truth: reconcile the sources and measure where they disagree.") { run, recheck };
    }

    private static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> rules, bool resume, int? maxBatches, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<QualityEngine>();
        if (rules.FirstOrDefault(r => engine.Rules.Find(r) is null) is { } unknown)
        {
            Console.Error.WriteLine($"quality run: '{unknown}' is not a rule ({string.Join(", ", engine.Rules.Rules.Select(r => r.Code))}).");
            return HubCommandLine.NotRun;
        }

        // Ctrl+C stops after the batch in hand (System.CommandLine cancels the token); --resume goes on from there.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var interactive = !Console.IsOutputRedirected;
        long records = 0;
        var lastPhase = "";
        var result = await engine.RunAsync(rules.ToList(), resume, maxBatches, new SyncProgress(p =>
        {
            records = p.Phase == lastPhase ? records + p.Records : p.Records;
            if (p.Phase != lastPhase && lastPhase.Length > 0 && interactive)
            {
                Console.WriteLine();
            }

            var line = $"{p.Phase,-28} {records,12:N0} records  batch {p.Batches,6:N0}  {clock.Elapsed.TotalSeconds,7:F1}s";
            if (interactive)
            {
                Console.Write("\r" + line);
            }
            else if (p.Batches % 50 == 0 || p.Phase != lastPhase)
            {
                Console.WriteLine(line);
            }

            lastPhase = p.Phase;
        }), stop.Token);
        if (interactive)
        {
            Console.WriteLine();
        }

        Console.WriteLine(result.Finished
            ? string.Create(CultureInfo.InvariantCulture, $"Run {result.RunId} finished in {clock.Elapsed.TotalSeconds:F1}s ({result.Batches} batches).")
            : $"Run {result.RunId} stopped after {result.Batches} batches; `quality run --resume` goes on from there.");
        Console.WriteLine("Source calls: " + string.Join(", ", result.SourceCalls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        foreach (var count in await engine.Store.CountsAsync(result.RunId, CancellationToken.None))
        {
            var clean = count.Checked == 0 ? 1 : 1 - ((double)count.Failed / count.Checked);
            Console.WriteLine($"  {count.Rule,-55} checked {count.Checked,10:N0}  failed {count.Failed,8:N0}  clean {clean,8:P2}");
        }

        if (result.Finished)
        {
            await PrintMeasurementAsync(services, engine, result.RunId);
        }

        return result.Finished ? HubCommandLine.Done : HubCommandLine.Failed;
    }

    /// <summary>With the generator's manifest beside the data: each rule's findings against what was injected.</summary>
    private static async Task PrintMeasurementAsync(IServiceProvider services, QualityEngine engine, long runId)
    {
        var hub = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.DataHubOptions>>().Value;
        var file = Path.Combine(hub.ResolvePath(services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory),
            SyntheticData.DiscrepancyManifest.FileName);
        if (!File.Exists(file))
        {
            return;
        }

        var manifest = SyntheticData.DiscrepancyManifest.Read(file);
        var run = await engine.Store.FindAsync(runId, CancellationToken.None);
        var findings = (await engine.Store.FindingsAsync(runId, run!.Rules, null, CancellationToken.None)).Select(f => (f.Rule, f.Key)).ToHashSet();
        Console.WriteLine($"Against {SyntheticData.DiscrepancyManifest.FileName} (rate {manifest.DiscrepancyRate:0.###%}, {manifest.Citizens:N0} citizens):");
        Console.WriteLine("| rule | injected | found | precision | recall |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var code in run.Rules)
        {
            var injected = manifest.Entries.Where(e => e.Rule == code).Select(e => (e.Rule, e.Key)).ToHashSet();
            var found = findings.Where(f => f.Rule == code).ToHashSet();
            var hits = found.Intersect(injected).Count();
            var precision = found.Count == 0 ? "—" : ((double)hits / found.Count).ToString("F2", CultureInfo.InvariantCulture);
            var recall = injected.Count == 0 ? "—" : ((double)hits / injected.Count).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {code} | {injected.Count} | {found.Count} | {precision} | {recall} |");
        }
    }

    private sealed class SyncProgress(Action<QualityProgress> report) : IProgress<QualityProgress>
    {
        public void Report(QualityProgress value) => report(value);
    }
}
