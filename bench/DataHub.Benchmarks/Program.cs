using DataHub.Benchmarks;

// Benchmarks run side by side with their baseline in one process, on this machine, and print a Markdown table.
// `dotnet run -c Release --project bench/DataHub.Benchmarks -- audit [--entries N] [--smoke]`
var scenario = args.FirstOrDefault() ?? "audit";
var smoke = args.Contains("--smoke");
var entries = ArgValue(args, "--entries") ?? (smoke ? 200 : 20_000);

return scenario switch
{
    "audit" => await AuditCommitBenchmark.RunAsync(entries, smoke),
    _ => Usage(),
};

static int? ArgValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : null;
}

static int Usage()
{
    Console.Error.WriteLine("usage: DataHub.Benchmarks audit [--entries N] [--smoke]");
    return 2;
}
