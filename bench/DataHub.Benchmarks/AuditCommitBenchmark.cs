using System.Diagnostics;
using System.Globalization;
using DataHub.Hub.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataHub.Benchmarks;

/// <summary>
/// Audit entries per second with group commit (many requests share one transaction) beside one commit per entry,
/// same store kind (SQLite, WAL, durable commits), same entries, same concurrency, in one run.
/// </summary>
public static class AuditCommitBenchmark
{
    private const int Concurrency = 64;

    public static async Task<int> RunAsync(int entries, bool smoke)
    {
        var rows = new List<(string Mode, double PerSecond, double P50, double P99, long Commits, double CpuPerEntry)>();
        foreach (var (mode, batch) in new[] { ("one commit per entry (baseline)", 1), ("group commit", AuditWriter.MaxBatch) })
        {
            // Warm-up on a throwaway store so JIT and SQLite start-up are not measured.
            await MeasureAsync(Math.Min(entries, 200), batch);
            rows.Add(await MeasureAsync(entries, batch) is var r ? (mode, r.PerSecond, r.P50, r.P99, r.Commits, r.CpuPerEntry) : default);
        }

        var baseline = rows[0];
        var group = rows[1];
        var table = string.Join('\n',
            "| scenario | group commit | one commit per entry | ratio |",
            "|---|---|---|---|",
            $"| audit entries/s ({entries:N0} entries, {Concurrency} concurrent writers) | {group.PerSecond:N0} | {baseline.PerSecond:N0} | {group.PerSecond / baseline.PerSecond:F1}× |",
            $"| append latency p50 (ms) | {group.P50:F2} | {baseline.P50:F2} | {group.P50 / baseline.P50:F2}× |",
            $"| append latency p99 (ms) | {group.P99:F2} | {baseline.P99:F2} | {group.P99 / baseline.P99:F2}× |",
            $"| transactions committed | {group.Commits:N0} | {baseline.Commits:N0} | |",
            $"| process CPU per entry (ms; writer thread, appenders and GC) | {group.CpuPerEntry:F3} | {baseline.CpuPerEntry:F3} | {group.CpuPerEntry / baseline.CpuPerEntry:F2}× |");
        Console.WriteLine(table);
        if (!smoke)
        {
            var path = Path.Combine(FindBenchDirectory(), "results", "audit.md");
            await File.WriteAllTextAsync(path,
                $"# Audit group commit\n\nRun {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, " +
                $"SQLite (WAL, synchronous FULL).\n\n{table}\n");
            Console.WriteLine($"written to {path}");
        }

        return 0;
    }

    private static async Task<(double PerSecond, double P50, double P99, long Commits, double CpuPerEntry)> MeasureAsync(int entries, int batch)
    {
        var file = Path.Combine(Path.GetTempPath(), $"datahub-bench-audit-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<AuditDbContext>()
            .UseSqlite($"Data Source={file}")
            .Options;
        var factory = new PooledDbContextFactory<AuditDbContext>(options);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await AuditStore.CreateAsync(db, CancellationToken.None);
        }

        var latencies = new double[entries];
        var writer = new AuditWriter(factory, NullLogger<AuditWriter>.Instance) { BatchLimit = batch };
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < entries)
            {
                var started = Stopwatch.GetTimestamp();
                await writer.AppendAsync(Record(i));
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        var cpuPerEntry = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / entries;
        var commits = writer.Commits;
        await writer.DisposeAsync();

        await using (var db = await factory.CreateDbContextAsync())
        {
            var report = await AuditChain.VerifyStoreAsync(db, CancellationToken.None);
            if (!report.IsWhole || report.Entries != entries)
            {
                throw new InvalidOperationException("The benchmark's chain is not whole: " + AuditChain.Describe(report));
            }
        }

        SqliteConnection.ClearAllPools();
        foreach (var leftover in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*"))
        {
            File.Delete(leftover);
        }

        Array.Sort(latencies);
        return (entries / clock.Elapsed.TotalSeconds, latencies[entries / 2], latencies[(int)(entries * 0.99)], commits, cpuPerEntry);
    }

    // The size of the suite's overhead query's entry: 20 fields of a citizen, the citizen and the four relatives it names.
    private static readonly string[] Fields = Enumerable.Range(0, 20).Select(f => $"Citizen.field{f:D2}").ToArray();

    private static AuditRecord Record(int i) => new(
        DateTime.UtcNow, $"bench-{i.ToString(CultureInfo.InvariantCulture)}", "department", "so-y-te", "medical-treatment", null,
        new string('a', 64), Fields, Enumerable.Range(0, 5).Select(c => $"0{c}7{i:D9}").ToArray(), "ok", []);

    private static string FindBenchDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "bench", "results")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? ".", "bench");
    }
}
