namespace DataHub.Benchmarks;

/// <summary>
/// The hub beside its baselines, each scenario with its baseline in the same run, on this machine.
/// <c>suite [--smoke] [--only overhead,cross-source,scale,audit,trusted-documents]</c> writes bench/results/latest.md (full run only);
/// <c>audit [--entries N] [--smoke]</c> compares audit group commit with one commit per entry;
/// <c>flap [--minutes M] [--period S]</c> measures how much of a flapping source's uptime its data is served;
/// <c>events [--events N] [--smoke]</c> measures life events published and delivered to 10 subscribers;
/// <c>quality [--citizens 10000,1000000] [--smoke]</c> times a full data-quality run (bench/results/quality.md);
/// <c>statistics [--citizens 10000,1000000] [--iterations N] [--smoke]</c> times each report form beside direct SQL (bench/results/statistics.md).
/// Started by the suite as separate processes: <c>baseline-server --data DIR --urls URL</c> (the overhead baseline)
/// and <c>hub-host --port N [--no-audit]</c> (the hub's Program in the bench host, for the audit-cost scenario).
/// The class is named so that <c>Program</c> stays the hub's, which the bench host runs.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var scenario = args.FirstOrDefault() ?? "suite";
        var smoke = args.Contains("--smoke");
        return scenario switch
        {
            "suite" => await Suite.RunAsync(smoke, ArgText(args, "--only")?.Split(',').ToHashSet() ?? [], ArgText(args, "--trace")),
            "audit" => await AuditCommitBenchmark.RunAsync(ArgValue(args, "--entries") ?? (smoke ? 200 : 20_000), smoke),
            "events" => await EventDeliveryBenchmark.RunAsync(ArgValue(args, "--events") ?? (smoke ? 50 : 2_000), smoke),
            "quality" => await QualityBenchmark.RunAsync(
                ArgText(args, "--citizens")?.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList()
                    ?? (smoke ? [2_000] : [10_000, 1_000_000]), smoke),
            "statistics" => await StatisticsBenchmark.RunAsync(
                ArgText(args, "--citizens")?.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList()
                    ?? (smoke ? [2_000] : [10_000, 1_000_000]), ArgValue(args, "--iterations") ?? (smoke ? 3 : 10), smoke),
            "baseline-server" => await BaselineServer.RunAsync(args),
            "hub-host" => await BenchHubHost.RunAsync(args),
            "flap" => await FlapBenchmark.RunAsync(
                ArgDouble(args, "--minutes") ?? (smoke ? 0.5 : 8), ArgDouble(args, "--period") ?? (smoke ? 5 : 30), ArgValue(args, "--citizens") ?? 2_000),
            _ => Usage(),
        };
    }

    private static string? ArgText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int? ArgValue(string[] args, string name) =>
        int.TryParse(ArgText(args, name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? ArgDouble(string[] args, string name) =>
        double.TryParse(ArgText(args, name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int Usage()
    {
        Console.Error.WriteLine("usage: DataHub.Benchmarks (suite [--smoke] [--only a,b] | audit [--entries N] [--smoke] | flap [--minutes M] [--period S] | events [--events N] [--smoke] | quality [--citizens N,N] [--smoke] | statistics [--citizens N,N] [--iterations N] [--smoke])");
        return 2;
    }
}
