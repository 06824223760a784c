using System.Diagnostics;
using System.Globalization;

namespace DataHub.Hub.Quality;

/// <summary>
/// <c>quality run [--rule CODE]... [--resume] [--max-batches N]</c>: runs the reconciliation with a progress line,
/// stops cleanly on Ctrl+C (resume with <c>--resume</c>), and prints the score per rule;
/// <c>quality recheck ID...</c> re-checks some citizens in the newest finished run.
/// </summary>
public static class QualityCommand
{
    public const string Usage = "usage: quality run [--rule <code>]... [--resume] [--max-batches N] | quality recheck <personal id>...";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var engine = services.GetRequiredService<QualityEngine>();
        if (args is ["recheck", .. var ids] && ids.Length > 0)
        {
            var findings = await engine.RecheckAsync(ids, CancellationToken.None);
            Console.WriteLine($"Re-checked {ids.Length} citizens: {findings.Count} findings.");
            return 0;
        }

        if (args is not ["run", .. var options])
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var rules = new List<string>();
        var resume = false;
        int? maxBatches = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--rule" when i + 1 < options.Length && engine.Rules.Find(options[i + 1]) is not null:
                    rules.Add(options[++i]);
                    break;
                case "--resume":
                    resume = true;
                    break;
                case "--max-batches" when i + 1 < options.Length && int.TryParse(options[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    maxBatches = n;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"quality: '{options[i]}' is not understood (rules: {string.Join(", ", engine.Rules.Rules.Select(r => r.Code))}).");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var clock = Stopwatch.StartNew();
        var interactive = !Console.IsOutputRedirected;
        long records = 0;
        var lastPhase = "";
        var result = await engine.RunAsync(rules, resume, maxBatches, new SyncProgress(p =>
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

        return result.Finished ? 0 : 3;
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
