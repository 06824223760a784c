using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DataHub.SyntheticData;
using Microsoft.Data.Sqlite;

namespace DataHub.Benchmarks;

/// <summary>
/// <c>statistics [--citizens 10000,1000000] [--iterations N] [--smoke]</c>: each report form of schema/forms, run by
/// the IOC's token through the hub's own process (<c>GET /ioc/forms/&lt;id&gt;.json</c>, cache off so every run counts
/// in the source), beside the same aggregate as hand-written SQL on the same SQLite file in the same run. Latency p50
/// of sequential runs. Writes bench/results/statistics.md (full run).
/// </summary>
public static class StatisticsBenchmark
{
    // The same aggregate each form asks for, written by hand against the tables ({0}: today minus 14 years, {1}: minus 2 years).
    private static readonly (string Form, string File, string Sql)[] Forms =
    [
        ("population-by-commune-age", DemoDataSeeder.PopulationFile,
            "SELECT h.commune, CASE WHEN c.date_of_birth > '{6}' THEN 0 WHEN c.date_of_birth > '{14}' THEN 1 WHEN c.date_of_birth > '{18}' THEN 2 " +
            "WHEN c.date_of_birth > '{60}' THEN 3 ELSE 4 END AS band, count(*) FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id GROUP BY 1, 2"),
        ("population-by-ethnicity-sex", DemoDataSeeder.PopulationFile, "SELECT ethnicity, sex, count(*) FROM citizens GROUP BY 1, 2"),
        ("eid-activation", DemoDataSeeder.PopulationFile,
            "SELECT h.commune, c.electronic_id_level, count(*) FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id " +
            "WHERE c.date_of_birth <= '{14}' GROUP BY 1, 2"),
        ("id-card-coverage", DemoDataSeeder.PopulationFile,
            "SELECT CASE WHEN date_of_birth > '{18}' THEN 2 WHEN date_of_birth > '{60}' THEN 3 ELSE 4 END, id_card_number IS NOT NULL, count(*) " +
            "FROM citizens WHERE date_of_birth <= '{14}' GROUP BY 1, 2"),
        ("births-per-month", DemoDataSeeder.PopulationFile, "SELECT substr(date_of_birth, 1, 7), count(*) FROM citizens WHERE date_of_birth > '{2}' GROUP BY 1"),
        ("deaths-per-month", DemoDataSeeder.PopulationFile, "SELECT substr(date_of_death, 1, 7), count(*) FROM citizens WHERE date_of_death > '{2}' GROUP BY 1"),
        ("social-benefits-paid", DemoDataSeeder.WelfareFile, "SELECT benefit_type, count(*), sum(amount_vnd) FROM benefit_cases WHERE status = 'PAID' GROUP BY 1"),
        ("land-use-by-type", DemoDataSeeder.LandFile, "SELECT land_use_type, count(*), sum(area_m2) FROM land_parcels GROUP BY 1"),

        // Counted by the department services themselves (the hub calls them over HTTP); the SQL runs on their files.
        ("births-registered-per-month", Path.Combine("departments", DepartmentDataSeeder.CivilRegistrationFile),
            "SELECT substr(date_of_birth, 1, 7), count(*) FROM birth_registrations WHERE date_of_birth > '{2}' GROUP BY 1"),
        ("deaths-registered-per-month", Path.Combine("departments", DepartmentDataSeeder.CivilRegistrationFile),
            "SELECT substr(date_of_death, 1, 7), count(*) FROM death_registrations WHERE date_of_death > '{2}' GROUP BY 1"),
        ("insurance-cards-by-group", Path.Combine("departments", DepartmentDataSeeder.HealthInsuranceFile),
            "SELECT beneficiary_group, state_funded, count(*) FROM insurance_cards GROUP BY 1, 2"),

        // Composed by key in the hub (population × Social Security); the SQL joins both files in one statement.
        ("under6-card-coverage", DemoDataSeeder.PopulationFile,
            "ATTACH DATABASE '{data}/departments/" + DepartmentDataSeeder.HealthInsuranceFile + "' AS ins; " +
            "SELECT h.commune, count(*), sum(EXISTS (SELECT 1 FROM ins.insurance_cards k WHERE k.holder_personal_id = c.personal_id " +
            "AND k.valid_from <= '{0}' AND (k.valid_to IS NULL OR k.valid_to >= '{0}'))) " +
            "FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id WHERE c.date_of_birth > '{6}' GROUP BY 1"),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int iterations, bool smoke)
    {
        var report = new StringBuilder();
        report.AppendLine("# Statistics: each report form through the hub beside the same aggregate as direct SQL").AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Release build, one run; p50 of {iterations} sequential runs per form (after one warm-up), ") +
            "hub cache off (`CacheSeconds: 0`), protection on. Covering indexes on the grouped and filtered columns (src/SyntheticData). " +
            "The three forms after land-use-by-type are counted by the department services themselves (civil registry GraphQL, Social Security REST) over loopback HTTP; " +
            "their direct SQL runs on the services' own files. under6-card-coverage is composed by key in the hub (children's keys from population in pages, " +
            "a count per batch of 1,000 from Social Security); its direct SQL joins both files in one statement.").AppendLine();
        report.AppendLine($"Load average (1, 5, 15 min) when the run began: {LoadAverage()}; figures from a loaded machine are slower on both sides, so read the ratios.").AppendLine();
        report.AppendLine("| form | citizens | hub p50 (ms) | direct SQL p50 (ms) | ratio |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var citizens in sizes)
        {
            var data = Path.Combine(Path.GetTempPath(), "datahub-bench-statistics-" + Guid.NewGuid().ToString("N"));
            try
            {
                Suite.Log($"seeding {citizens:N0} citizens into {data}");
                var seed = new SeedOptions(citizens);
                DemoDataSeeder.Seed(data, seed);
                var departments = Path.Combine(data, "departments");
                Directory.CreateDirectory(departments);
                DepartmentDataSeeder.SeedCivilRegistration(departments, seed);
                DepartmentDataSeeder.SeedHealthInsurance(departments, seed);
                var tokens = new Suite.Tokens(data);
                await using var hub = await ServerProcess.StartHubAsync(data, new Dictionary<string, string>
                {
                    ["DataHub:Statistics:CacheSeconds"] = "0",
                    ["DataHub:DemoDepartments:Enabled"] = "true", // the two services, as child processes, over the files seeded above
                    ["DataHub:DemoDepartments:Workers"] = "false",
                    ["DataHub:DemoDepartments:StartTimeoutSeconds"] = "120",
                    ["Sources:civil-registration:Url"] = $"http://127.0.0.1:{FreePort()}/graphql",
                    ["Sources:health-insurance:Url"] = $"http://127.0.0.1:{FreePort()}/",
                    ["Sources:civil-registration:TimeoutSeconds"] = "60",
                    ["Sources:health-insurance:TimeoutSeconds"] = "60",
                });
                using var client = LoadGenerator.ClientFor(hub.BaseAddress);
                client.Timeout = TimeSpan.FromMinutes(5); // a form at 1,000,000 citizens can take longer than the load generator's 30 s
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Department("ioc"));
                foreach (var (form, file, sql) in Forms)
                {
                    var hubTimes = await TimeAsync(iterations, async () =>
                    {
                        using var response = await client.GetAsync($"/ioc/forms/{form}.json");
                        var body = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new InvalidOperationException($"{form}: {(int)response.StatusCode} {body}");
                        }
                    });
                    var text = Dated(sql).Replace("{data}", data, StringComparison.Ordinal);
                    var sqlTimes = await TimeAsync(iterations, () => SqlAsync(Path.Combine(data, file), text));
                    var (h, s) = (P50(hubTimes), P50(sqlTimes));
                    Suite.Log($"{form} at {citizens:N0}: hub {h:F1} ms, SQL {s:F1} ms");
                    report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {form} | {citizens:N0} | {h:F1} | {s:F1} | {h / s:F2}× |"));
                }
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

        Console.WriteLine(report);
        if (!smoke)
        {
            var path = Path.Combine(RepositoryPaths.Results, "statistics.md");
            await File.WriteAllTextAsync(path, report.ToString());
            Suite.Log($"written to {path}");
        }

        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "not known";

    private static string Dated(string sql)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var years in new[] { 0, 2, 6, 14, 18, 60 })
        {
            sql = sql.Replace($"{{{years}}}", today.AddYears(-years).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return sql;
    }

    private static async Task SqlAsync(string file, string sql)
    {
        // A statement that attaches a second file gets a connection of its own (a pooled one would still hold it).
        var pooling = sql.StartsWith("ATTACH", StringComparison.Ordinal) ? ";Pooling=False" : "";
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly{pooling}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task<double[]> TimeAsync(int iterations, Func<Task> run)
    {
        await run(); // warm-up
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static double P50(double[] sorted) => sorted[sorted.Length / 2];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
