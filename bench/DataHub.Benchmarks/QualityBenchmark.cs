using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DataHub.SyntheticData;
using Microsoft.Data.Sqlite;

namespace DataHub.Benchmarks;

/// <summary>
/// <c>quality [--citizens 10000,1000000] [--smoke]</c>: a full reconciliation run (<c>quality run</c>, every rule, the hub's
/// own process with the two department services) at each size, on data damaged at 0.5%, beside its baseline on the
/// same files in the same run: every table of the five databases read straight with Microsoft.Data.Sqlite, which is
/// what reading everything once costs without connectors, batches or rules. Writes bench/results/quality.md (full run).
/// </summary>
public static class QualityBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, bool smoke)
    {
        var report = new StringBuilder();
        report.AppendLine("# Data quality: a full reconciliation run").AppendLine();
        report.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Release build, every rule of schema/quality-rules.json, data damaged at 0.5%.").AppendLine();
        report.AppendLine("| citizens | run time (s) | the process, start to exit (s) | peak memory (MiB, VmHWM) | source calls | calls per 10,000 citizens | baseline: read every table straight (s) | ratio |");
        report.AppendLine("|---:|---:|---:|---:|---|---:|---:|---:|");
        var tables = new List<string>();
        foreach (var citizens in sizes)
        {
            var data = Path.Combine(Path.GetTempPath(), "datahub-bench-quality-" + Guid.NewGuid().ToString("N"));
            try
            {
                Suite.Log($"seeding {citizens:N0} citizens (0.5% damaged) into {data}");
                var seed = new SeedOptions(citizens, DiscrepancyRate: 0.005);
                DemoDataSeeder.Seed(data, seed);
                var departments = Path.Combine(data, "departments");
                DepartmentDataSeeder.SeedCivilRegistration(departments, seed);
                DepartmentDataSeeder.SeedHealthInsurance(departments, seed);

                var baseline = ReadEverything(data);
                Suite.Log($"baseline: every table read in {baseline.TotalSeconds:F1} s");
                var (elapsed, peak, output) = await RunHubAsync(data);
                Suite.Log($"quality run: {elapsed.TotalSeconds:F1} s, peak {peak:F0} MiB");
                var callsLine = output.Split('\n').FirstOrDefault(l => l.StartsWith("Source calls:", StringComparison.Ordinal))?.Trim()
                    ?? throw new InvalidOperationException("quality run printed no source calls:\n" + output);
                var total = callsLine["Source calls:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Sum(part => int.Parse(part.Trim().Split(' ')[^1], CultureInfo.InvariantCulture));
                var finished = output.Split('\n').First(l => l.Contains(" finished in ", StringComparison.Ordinal));
                var run = TimeSpan.FromSeconds(double.Parse(finished.Split(" finished in ")[1].Split('s')[0], CultureInfo.InvariantCulture));
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {citizens:N0} | {run.TotalSeconds:F1} | {elapsed.TotalSeconds:F1} | {peak:F0} | {callsLine["Source calls: ".Length..]} | {total * 10_000.0 / citizens:F0} | {baseline.TotalSeconds:F1} | {run / baseline:F1}× |"));
                tables.Add($"### {citizens:N0} citizens\n\n" + string.Join('\n', output.Split('\n').Where(l => l.StartsWith('|'))) + "\n");
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(data, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        report.AppendLine().AppendLine("Findings against the generator's manifest:").AppendLine();
        foreach (var table in tables)
        {
            report.AppendLine(table);
        }

        Console.WriteLine(report);
        if (!smoke)
        {
            Directory.CreateDirectory(RepositoryPaths.Results);
            await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Results, "quality.md"), report.ToString());
        }

        return 0;
    }

    /// <summary>The hub's <c>quality run</c> as its own process; its peak resident set polled from /proc until it exits.</summary>
    private static async Task<(TimeSpan Elapsed, double PeakMiB, string Output)> RunHubAsync(string data)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "DataHub.Hub.dll"), "quality", "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataHub__DataDirectory"] = data,
            ["DataHub__SchemaDirectory"] = RepositoryPaths.Schema,
            ["DataHub__WriteCompositeSchema"] = "false",
            ["DataHub__SeedDemoDataOnStart"] = "false",
            ["DataHub__DemoDepartments__Enabled"] = "true",
            ["Identity__LocalIssuer__AllowInProduction"] = "true",
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{FreePort()}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{FreePort()}/",
            ["Sources__civil-registration__TimeoutSeconds"] = "60",
            ["Sources__health-insurance__TimeoutSeconds"] = "60",
            ["Quality__ReferenceDate"] = DemoCalendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        double peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakMiB(process.Id));
            await Task.Delay(200);
        }

        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"quality run exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }

        return (clock.Elapsed, peak, await output);
    }

    private static double PeakMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0; // it exited between the check and the read
        }
    }

    /// <summary>The baseline: every row of every table of the five databases, read once.</summary>
    private static TimeSpan ReadEverything(string data)
    {
        var clock = Stopwatch.StartNew();
        var files = new[] { DemoDataSeeder.PopulationFile, DemoDataSeeder.LandFile, DemoDataSeeder.WelfareFile }.Select(f => Path.Combine(data, f))
            .Concat(new[] { DepartmentDataSeeder.CivilRegistrationFile, DepartmentDataSeeder.HealthInsuranceFile }.Select(f => Path.Combine(data, "departments", f)));
        long values = 0;
        foreach (var file in files)
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'seed_info'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                using var read = connection.CreateCommand();
                read.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        values += reader.IsDBNull(i) ? 0 : 1;
                    }
                }
            }
        }

        Suite.Log($"baseline read {values:N0} values");
        return clock.Elapsed;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
