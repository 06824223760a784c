using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Departments;
using DataHub.Departments.CivilRegistration;
using DataHub.Departments.HealthInsurance;
using DataHub.Hub.Identity;
using DataHub.SyntheticData;
using Microsoft.Data.Sqlite;

namespace DataHub.Benchmarks;

/// <summary>How long and how hard each scenario runs: the full run, or a one-iteration smoke that only proves it works.</summary>
public sealed record SuitePlan(
    bool Smoke, int Citizens, int LargeCitizens, int Concurrency, int Warmup, int Rounds, int MaxRequests, TimeSpan RoundDuration,
    int SequentialIterations)
{
    public static SuitePlan Full { get; } = new(false, 10_000, 1_000_000, 16, 3_000, 2, 200_000, TimeSpan.FromSeconds(20), 300);

    public static SuitePlan SmokeRun { get; } = new(true, 2_000, 3_000, 2, 5, 1, 20, TimeSpan.FromSeconds(5), 3);
}

/// <summary>One line of the results table.</summary>
public sealed record ResultRow(string Scenario, string Hub, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>
/// The hub beside its baselines, every scenario with its baseline in the same run on the same data:
/// overhead (hub vs a minimal GraphQL.NET endpoint), cross-source (hub vs the direct source calls), scale (1M vs 10k
/// citizens), audit cost (audit on vs off), memory (the hub's peak resident set under the overhead load) and trusted
/// documents (a request by id vs the same text).
/// Writes <c>bench/results/latest.md</c> unless <c>--smoke</c>.
/// </summary>
public static class Suite
{
    private const string Department = "so-y-te";
    private const string Purpose = "medical-treatment";

    private const string BaselineFieldsQuery = """
        query Citizen($id: ID!) { citizen(personalId: $id) {
          personalId formerIdNumber fullName dateOfBirth sex birthRegistrationPlace hometown ethnicity religion nationality
          maritalStatus permanentResidence temporaryResidence currentResidence
          father { personalId fullName nationality } mother { personalId fullName nationality }
          spouse { personalId fullName nationality } householdHead { personalId fullName }
          relationToHouseholdHead dateOfDeath } }
        """;

    private const string CrossSourceQuery = """
        query CrossSource($ids: [ID]) { citizens(first: 100, where: { personalId: { in: $ids } }) { nodes {
          personalId fullName
          landRights { certificateNumber sharePercent status }
          benefitCases { benefitType status amountVnd }
          birthRegistration { registrationNumber place registeredOn }
          insuranceCard { cardNumber beneficiaryGroup validTo } } } }
        """;

    private const string LookupQuery = """
        query Lookup($id: ID!) { citizen(personalId: $id) { personalId fullName dateOfBirth sex permanentResidence } }
        """;

    private const string ListQuery = """
        query Page($from: Date, $to: Date) {
          citizens(first: 20, where: { dateOfBirth: { gte: $from, lt: $to } }, order: [{ dateOfBirth: ASC }]) {
            pageInfo { hasNextPage endCursor } nodes { personalId fullName dateOfBirth sex permanentResidence } } }
        """;

    private const string BirthsQuery = """
        query Births($ids: [ID!]!) { birthRegistrationsByChildIds(personalIds: $ids) { childPersonalId registrationNumber place registeredOn } }
        """;

    public static async Task<int> RunAsync(bool smoke, ISet<string> only, string? traceFile = null)
    {
        var plan = smoke ? SuitePlan.SmokeRun : SuitePlan.Full;
        bool Runs(string scenario) => only.Count == 0 || only.Contains(scenario);
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var sections = new List<(string Title, string Body)>();
        var started = Stopwatch.StartNew();
        var data = TempDirectory("datahub-bench");
        Log($"seeding {plan.Citizens:N0} citizens into {data}");
        DemoDataSeeder.Seed(data, new SeedOptions(plan.Citizens));

        // The two department services, over real HTTP on loopback, built from the same seed as population.db.
        var departmentOptions = new DepartmentOptions("http://127.0.0.1:0", Path.Combine(data, "departments"), new SeedOptions(plan.Citizens));
        var civil = CivilRegistrationService.Build(departmentOptions);
        var health = HealthInsuranceService.Build(departmentOptions);
        await civil.StartAsync();
        await health.StartAsync();
        var civilUrl = new Uri(civil.Address(), "/graphql");
        var healthUrl = health.Address();
        var hubSettings = new Dictionary<string, string>
        {
            ["Sources:civil-registration:Url"] = civilUrl.ToString(),
            ["Sources:health-insurance:Url"] = healthUrl.ToString(),
        };

        try
        {
            var tokens = new Tokens(data);
            var ids = SampleIds(data, 2_000);

            await using (var hub = await ServerProcess.StartHubAsync(data, hubSettings))
            {
                if (Runs("overhead") || Runs("memory"))
                {
                    await OverheadAsync(plan, data, hub, tokens, ids, rows, notes, sections, traceFile);
                }

                if (Runs("cross-source"))
                {
                    await CrossSourceAsync(plan, data, hub, tokens, civilUrl, healthUrl, rows, notes, sections, TraceFileFor(traceFile, "cross-source"));
                }

                if (Runs("trusted-documents"))
                {
                    await TrustedDocumentsAsync(plan, hub, tokens, ids, rows, notes);
                }

                if (Runs("scale"))
                {
                    // Both sizes on a freshly started hub with the same warm-up: a hub that has served the overhead load has
                    // grown its GC heaps and thread pool, and would make the 10,000 figure look better for that reason alone.
                    await hub.DisposeAsync();
                    ScaleFigures small;
                    await using (var fresh = await ServerProcess.StartHubAsync(data, hubSettings))
                    {
                        small = await ScaleFiguresAsync(plan, data, fresh, tokens, ids);
                    }

                    var large = await LargeScaleAsync(plan, hubSettings);
                    AddScaleRows(plan, small, large, rows, notes);
                }
            }

            if (Runs("audit"))
            {
                await AuditCostAsync(plan, data, hubSettings, tokens, ids, rows, notes, sections, TraceFileFor(traceFile, "audit-busy"));
            }
        }
        finally
        {
            await civil.StopAsync();
            await health.StopAsync();
            await civil.DisposeAsync();
            await health.DisposeAsync();
            DeleteDirectory(data);
        }

        var markdown = Render(plan, rows, notes, sections, started.Elapsed);
        Console.WriteLine(markdown);
        if (!smoke && only.Count == 0)
        {
            var path = Path.Combine(RepositoryPaths.Results, "latest.md");
            await File.WriteAllTextAsync(path, markdown);
            Log($"written to {path}");
        }

        return 0;
    }

    // 1 and 5. One citizen's 20 shared fields: the hub (department token, purpose, access decision, audit, composition)
    // beside the minimal GraphQL.NET endpoint over the same file; same query text, same citizens, same concurrency.
    private static async Task OverheadAsync(
        SuitePlan plan, string data, ServerProcess hub, Tokens tokens, string[] ids, List<ResultRow> rows, List<string> notes,
        List<(string Title, string Body)> sections, string? traceFile)
    {
        await using var baseline = await ServerProcess.StartBaselineAsync(data);
        using var hubClient = LoadGenerator.ClientFor(hub.BaseAddress);
        using var baselineClient = LoadGenerator.ClientFor(baseline.BaseAddress);
        var token = tokens.Department(Department);
        string Body(int i) => JsonSerializer.Serialize(new { query = BaselineFieldsQuery, variables = new { id = ids[i % ids.Length] } });

        // Same answer from both, before anything is timed.
        var hubAnswer = await PostJsonAsync(hubClient, Body(0), token, Purpose);
        var baselineAnswer = await PostJsonAsync(baselineClient, Body(0), null, null);
        var same = JsonNode.DeepEquals(hubAnswer["data"], baselineAnswer["data"]);
        if (hubAnswer["errors"] is not null || hubAnswer["data"]?["citizen"] is null)
        {
            throw new InvalidOperationException("The hub did not answer the overhead query: " + hubAnswer.ToJsonString());
        }

        notes.Add($"Overhead: the hub and the baseline return {(same ? "the same `data`" : "different `data` (see below)")} for the same citizen." +
            (same ? "" : $" Hub: `{Trim(hubAnswer["data"]?.ToJsonString())}`; baseline: `{Trim(baselineAnswer["data"]?.ToJsonString())}`."));

        // Rounds alternate baseline and hub, so drift on the machine falls on both.
        var hubRuns = new List<LoadResult>();
        var baselineRuns = new List<LoadResult>();
        for (var round = 0; round < plan.Rounds; round++)
        {
            baselineRuns.Add(await Measure("overhead baseline", baselineClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i)), plan));
            hubRuns.Add(await Measure("overhead hub", hubClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), plan));
        }

        // Where the hub's time goes, coarsely: the same pipeline with a query that reaches no source
        // ({ __typename }: token check, principal look-up, validation, audit, serialization) beside the same on the baseline.
        const string Empty = """{"query":"{ __typename }"}""";
        var hubFixed = await Measure("fixed cost hub", hubClient, _ => LoadGenerator.GraphQLPost("/graphql", Empty, token, Purpose), plan with { RoundDuration = plan.RoundDuration / 2 }, "__typename");
        var baseFixed = await Measure("fixed cost baseline", baselineClient, _ => LoadGenerator.GraphQLPost("/graphql", Empty), plan with { RoundDuration = plan.RoundDuration / 2 }, "__typename");

        if (traceFile is not null)
        {
            // One more hub round, not measured, while dotnet-trace samples the hub's stacks: where the time goes.
            var breakdown = await TraceAsync(hub, traceFile, Math.Max(5, (int)plan.RoundDuration.TotalSeconds - 5), () => Measure("overhead hub (traced, not counted)", hubClient,
                i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), plan));
            if (breakdown is not null)
            {
                sections.Add(("Where the hub's time goes (overhead query, one more round sampled by dotnet-trace, not measured)", breakdown));
            }
        }

        var h = Merge(hubRuns);
        var b = Merge(baselineRuns);
        rows.Add(new("Overhead: one citizen's 20 fields, latency p50 (ms)", Ms(h.P50), Ms(b.P50), Ratio(h.P50, b.P50), "≤ 1.5×", h.P50 <= 1.5 * b.P50));
        rows.Add(new("Overhead: latency p99 (ms)", Ms(h.P99), Ms(b.P99), Ratio(h.P99, b.P99), "≤ 1.5×", h.P99 <= 1.5 * b.P99));
        rows.Add(new($"Overhead: requests/s at {plan.Concurrency} concurrent", Rate(h.PerSecond), Rate(b.PerSecond), Ratio(h.PerSecond, b.PerSecond), "—", null));
        rows.Add(new("Fixed cost: `{ __typename }` (no source), latency p50 (ms)", Ms(hubFixed.P50), Ms(baseFixed.P50),
            Ratio(hubFixed.P50, baseFixed.P50), "≤ 1.5×", hubFixed.P50 <= 1.5 * baseFixed.P50));

        // Bytes allocated per request, in each server's own process (GC.GetTotalAllocatedBytes: the hub's System.Runtime
        // meter on /metrics, the baseline's /allocated), around a fixed number of the overhead query, after the rounds above.
        var steward = tokens.Steward();
        var hubAllocated = await AllocatedPerRequestAsync("hub", hubClient, () => HubAllocatedAsync(hubClient, steward),
            i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), plan);
        var baseAllocated = await AllocatedPerRequestAsync("baseline", baselineClient, () => BaselineAllocatedAsync(baselineClient),
            i => LoadGenerator.GraphQLPost("/graphql", Body(i)), plan);
        rows.Add(new("Allocations: bytes allocated per request, overhead query (KiB)", Kib(hubAllocated), Kib(baseAllocated),
            Ratio(hubAllocated, baseAllocated), "≤ 3×", hubAllocated <= 3 * baseAllocated));
        notes.Add($"Overhead, breakdown: a query that reaches no source costs the hub {Ms(hubFixed.P50)} ms p50 ({Rate(hubFixed.PerSecond)}/s) " +
            $"and the baseline {Ms(baseFixed.P50)} ms ({Rate(baseFixed.PerSecond)}/s): that is the hub's fixed cost per request (token check, " +
            "caller from the cached policy, route policies and rate limits, planning and the access decision, audit, serialization); the rest of the 20-field figure " +
            "is composition, batch loaders and the SQL connector.");
        notes.Add($"Overhead: hub {h.Requests:N0} requests in {h.Seconds:F1} s ({h.Failures} failed), baseline {b.Requests:N0} in {b.Seconds:F1} s " +
            $"({b.Failures} failed); {plan.Rounds} alternating rounds of up to {plan.RoundDuration.TotalSeconds:F0} s each, after {plan.Warmup} warm-up requests." +
            FailureNote(h) + FailureNote(b));

        var (hubPeak, hubNow) = hub.Memory();
        var (basePeak, _) = baseline.Memory();
        rows.Add(new("Memory: hub peak working set under the overhead load (MiB)", $"{hubPeak:F0}", $"{basePeak:F0}",
            Ratio(hubPeak, basePeak), "< 200 MB", hubPeak * 1024 * 1024 < 200_000_000));
        notes.Add($"Allocations: {AllocationRequests(plan):N0} overhead queries at {plan.Concurrency} concurrent after the measured rounds; the " +
            "difference of the server process's GC.GetTotalAllocatedBytes before and after, divided by the requests (the hub's figure " +
            "includes its background work meanwhile: the audit writer, telemetry). The hub reads it from its System.Runtime meter on /metrics.");
        notes.Add($"Memory: VmHWM of the hub process (pid {hub.Id}) after start-up and the overhead load; its resident set then was {hubNow:F0} MiB. " +
            "The baseline figure is the baseline server's VmHWM under the same load, for scale.");
    }

    // 6. The overhead query run by id (a registered, approved document: the trusted-document lookup, then the stored text)
    // beside the same text sent as a query, on the same hub, same citizens, same concurrency, rounds alternating.
    private static async Task TrustedDocumentsAsync(SuitePlan plan, ServerProcess hub, Tokens tokens, string[] ids, List<ResultRow> rows, List<string> notes)
    {
        using var client = LoadGenerator.ClientFor(hub.BaseAddress);
        var token = tokens.Department(Department);
        var pushed = await PostAdminAsync(client, JsonSerializer.Serialize(new
        {
            query = "mutation($d: [DocumentInput!]!) { registerDocuments(appVersion: \"bench\", documents: $d) { id version documentId } }",
            variables = new { d = new[] { new { name = "Citizen.graphql", text = BaselineFieldsQuery } } },
        }), token);
        var document = pushed["data"]?["registerDocuments"]?[0] ?? throw new InvalidOperationException("registerDocuments: " + Trim(pushed.ToJsonString()));
        var approved = await PostAdminAsync(client, JsonSerializer.Serialize(new
        {
            query = "mutation($id: Int!, $v: Int!) { approveDocument(id: $id, version: $v) { state } }",
            variables = new { id = document["id"]!.GetValue<int>(), v = document["version"]!.GetValue<int>() },
        }), tokens.Steward());
        if (approved["data"]?["approveDocument"]?["state"]?.GetValue<string>() != "APPROVED")
        {
            throw new InvalidOperationException("approveDocument: " + Trim(approved.ToJsonString()));
        }

        var documentId = document["documentId"]!.GetValue<string>();
        string ByText(int i) => JsonSerializer.Serialize(new { query = BaselineFieldsQuery, variables = new { id = ids[i % ids.Length] } });
        string ById(int i) => JsonSerializer.Serialize(new { documentId, variables = new { id = ids[i % ids.Length] } });
        var same = JsonNode.DeepEquals((await PostJsonAsync(client, ByText(0), token, Purpose))["data"], (await PostJsonAsync(client, ById(0), token, Purpose))["data"]);
        if (!same)
        {
            throw new InvalidOperationException("The document run by id and the same text gave different answers.");
        }

        var byText = new List<LoadResult>();
        var byId = new List<LoadResult>();
        for (var round = 0; round < plan.Rounds; round++)
        {
            byText.Add(await Measure("trusted documents: the same text", client, i => LoadGenerator.GraphQLPost("/graphql", ByText(i), token, Purpose), plan));
            byId.Add(await Measure("trusted documents: by id", client, i => LoadGenerator.GraphQLPost("/graphql", ById(i), token, Purpose), plan));
        }

        var d = Merge(byId);
        var t = Merge(byText);
        rows.Add(new("Trusted documents: one citizen's 20 fields by id vs the same text, latency p50 (ms)", Ms(d.P50), Ms(t.P50), Ratio(d.P50, t.P50), "≤ 1.1×", d.P50 <= 1.1 * t.P50));
        rows.Add(new("Trusted documents: latency p99 (ms), by id vs text", Ms(d.P99), Ms(t.P99), Ratio(d.P99, t.P99), "—", null));
        rows.Add(new($"Trusted documents: requests/s at {plan.Concurrency} concurrent, by id vs text", Rate(d.PerSecond), Rate(t.PerSecond), Ratio(d.PerSecond, t.PerSecond), "—", null));
        notes.Add($"Trusted documents: the overhead query registered as app version 'bench' of {Department} and approved, then sent as " +
            "{\"documentId\": \"sha256:…\"} (the hub looks the id up in its cached registry and runs the stored text) beside the same text sent as " +
            $"'query', on one hub, same answer checked first; {plan.Rounds} alternating rounds. By id: {d.Requests:N0} requests in {d.Seconds:F1} s; " +
            $"text: {t.Requests:N0} in {t.Seconds:F1} s." + FailureNote(d) + FailureNote(t));
    }

    private static async Task<JsonNode> PostAdminAsync(HttpClient client, string body, string token)
    {
        using var response = await client.SendAsync(LoadGenerator.GraphQLPost("/admin/graphql", body, token));
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: empty answer");
    }

    // 2. 100 citizens with fields from all five sources, through the hub vs each direct source call on its own.
    private static async Task CrossSourceAsync(
        SuitePlan plan, string data, ServerProcess hub, Tokens tokens, Uri civilUrl, Uri healthUrl, List<ResultRow> rows, List<string> notes,
        List<(string Title, string Body)> sections, string? traceFile)
    {
        var (citizens, complete) = CrossSourceCitizens(data, 100);
        using var hubClient = LoadGenerator.ClientFor(hub.BaseAddress);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var steward = tokens.Steward();
        var hubBody = JsonSerializer.Serialize(new { query = CrossSourceQuery, variables = new { ids = citizens } });

        var answer = await PostJsonAsync(hubClient, hubBody, steward, Purpose);
        var returned = (answer["data"]?["citizens"]?["nodes"] as JsonArray)?.Count ?? 0;
        if (answer["errors"] is not null || returned != citizens.Length)
        {
            throw new InvalidOperationException($"The hub's cross-source answer is not whole ({returned} citizens): {Trim(answer.ToJsonString())}");
        }

        var calls = (answer["extensions"]?["sourceCalls"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<int>() ?? 0) ?? [];

        var idList = string.Join(",", citizens);
        var birthsBody = JsonSerializer.Serialize(new { query = BirthsQuery, variables = new { ids = citizens } });
        var direct = new (string Source, string What, Func<Task> Call)[]
        {
            ("population", "SQL on population.db", () => SqlAsync(data, DemoDataSeeder.PopulationFile,
                "SELECT personal_id, full_name FROM citizens WHERE personal_id IN ({0})", citizens)),
            ("land", "SQL on land.db", () => SqlAsync(data, DemoDataSeeder.LandFile,
                "SELECT holder_personal_id, certificate_number, share_percent, status FROM land_use_rights WHERE holder_personal_id IN ({0})", citizens)),
            ("social-welfare", "SQL on social-welfare.db", () => SqlAsync(data, DemoDataSeeder.WelfareFile,
                "SELECT beneficiary_personal_id, benefit_type, status, amount_vnd FROM benefit_cases WHERE beneficiary_personal_id IN ({0})", citizens)),
            ("civil-registration", "GraphQL POST to the service", async () =>
            {
                using var response = await http.SendAsync(LoadGenerator.GraphQLPost(civilUrl.ToString(), birthsBody));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync();
            }),
            ("health-insurance", "REST GET /cards?holderIds=", async () =>
            {
                using var response = await http.GetAsync(new Uri(healthUrl, "/cards?holderIds=" + idList));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync();
            }),
        };

        // One cross-source request through the hub: timed, counted for allocations and traced alike.
        async Task HubCallAsync()
        {
            using var response = await hubClient.SendAsync(LoadGenerator.GraphQLPost("/graphql", hubBody, steward, Purpose));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsStringAsync();
        }

        var hubTimes = await SequentialAsync(plan, HubCallAsync);
        var directTimes = new List<(string Source, string What, double[] Times)>();
        foreach (var (source, what, call) in direct)
        {
            directTimes.Add((source, what, await SequentialAsync(plan, call)));
        }

        // Bytes the hub allocates per cross-source request (its GC.GetTotalAllocatedBytes around sequential requests).
        var before = await HubAllocatedAsync(hubClient, steward);
        const int AllocationRounds = 200;
        for (var i = 0; i < AllocationRounds; i++)
        {
            await HubCallAsync();
        }

        var allocated = (await HubAllocatedAsync(hubClient, steward) - before) / (double)AllocationRounds;

        if (traceFile is not null)
        {
            // The same sequential requests once more, not measured, while dotnet-trace samples the hub's stacks.
            var traced = await TraceAsync(hub, traceFile, 20, async () =>
            {
                var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 16;
                while (Stopwatch.GetTimestamp() < until)
                {
                    await HubCallAsync();
                }
            });
            if (traced is not null)
            {
                sections.Add(("Where the hub's time goes (cross-source query, sequential requests sampled by dotnet-trace, not measured)", traced));
            }
        }

        var slowest = directTimes.OrderByDescending(d => P(d.Times, 0.5)).First();
        var sum = directTimes.Sum(d => P(d.Times, 0.5));
        var hubP50 = P(hubTimes, 0.5);
        rows.Add(new("Cross-source: 100 citizens × 5 sources, latency p50 (ms); baseline = the sum of the five direct calls' p50",
            Ms(hubP50), Ms(sum), Ratio(hubP50, sum), "≤ 2×", hubP50 <= 2 * sum));
        rows.Add(new($"Cross-source: latency p50 (ms) beside the slowest direct call ({slowest.Source})", Ms(hubP50), Ms(P(slowest.Times, 0.5)),
            Ratio(hubP50, P(slowest.Times, 0.5)), "—", null));
        rows.Add(new("Cross-source: latency p99 (ms), beside the sum of the direct calls' p99", Ms(P(hubTimes, 0.99)), Ms(directTimes.Sum(d => P(d.Times, 0.99))),
            Ratio(P(hubTimes, 0.99), directTimes.Sum(d => P(d.Times, 0.99))), "—", null));
        rows.Add(new("Cross-source: bytes the hub allocates per request (KiB)", Kib(allocated), "—", "—", "—", null));
        foreach (var (source, _, _) in direct)
        {
            var n = calls.GetValueOrDefault(source);
            rows.Add(new($"Cross-source: calls to {source} per request", n.ToString(CultureInfo.InvariantCulture), "1", Ratio(n, 1), "1 per source", n == 1));
        }

        notes.Add($"Cross-source: {citizens.Length} citizens, {complete} of them with land rights, benefit cases and an insurance card " +
            "(all have a birth registration); steward token (no single department holds grants for all four sources). " +
            $"Sequential requests ({plan.SequentialIterations} each after warm-up). Direct calls, p50/p99 ms: " +
            string.Join("; ", directTimes.Select(d => $"{d.Source} ({d.What}) {Ms(P(d.Times, 0.5))}/{Ms(P(d.Times, 0.99))}")) +
            $". Their sum is {Ms(sum)} ms p50; the hub took {Ms(hubP50)} ms. Hub sourceCalls: " +
            string.Join(", ", calls.Select(kv => $"{kv.Key} {kv.Value}")) + ".");
    }

    private sealed record ScaleFigures(
        int Citizens, double LookupP50, double LookupP99, double ListP50, double ListP99, double SqlLookupP50 = 0, double SqlListP50 = 0);

    // 3. The same two queries at 10k (the running hub) and at 1M citizens (a hub over a temporary 1M data set).
    private static async Task<ScaleFigures> ScaleFiguresAsync(SuitePlan plan, string data, ServerProcess hub, Tokens tokens, string[] ids)
    {
        using var client = LoadGenerator.ClientFor(hub.BaseAddress);
        var token = tokens.Department(Department);
        var months = Enumerable.Range(0, 12 * 60).Select(m => new DateOnly(1950, 1, 1).AddMonths(m)).ToArray();
        var i = 0;
        var lookup = await SequentialAsync(plan, async () =>
        {
            var body = JsonSerializer.Serialize(new { query = LookupQuery, variables = new { id = ids[i++ % ids.Length] } });
            await ExpectDataAsync(client, body, token, "citizen");
        });
        var j = 0;
        var list = await SequentialAsync(plan, async () =>
        {
            var month = months[(j++ * 7) % months.Length];
            var body = JsonSerializer.Serialize(new { query = ListQuery, variables = new { from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } });
            await ExpectDataAsync(client, body, token, "citizens");
        });

        // The same reads straight on the file, to tell the database's growth from the hub's.
        string[] columns = ["personal_id", "full_name", "date_of_birth", "sex", "permanent_residence"];
        var k = 0;
        var sqlLookup = await SequentialAsync(plan, () => SqlAsync(data, DemoDataSeeder.PopulationFile,
            $"SELECT {string.Join(", ", columns)} FROM citizens WHERE personal_id IN ({{0}})", [ids[k++ % ids.Length]]));
        var m = 0;
        var sqlList = await SequentialAsync(plan, () =>
        {
            var month = months[(m++ * 7) % months.Length];
            return SqlAsync(data, DemoDataSeeder.PopulationFile,
                $"SELECT {string.Join(", ", columns)} FROM citizens WHERE date_of_birth >= {{0}} AND date_of_birth < " +
                $"'{month.AddMonths(1):yyyy-MM-dd}' ORDER BY date_of_birth, personal_id LIMIT 21", [month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        });
        return new ScaleFigures(0, P(lookup, 0.5), P(lookup, 0.99), P(list, 0.5), P(list, 0.99), P(sqlLookup, 0.5), P(sqlList, 0.5));
    }

    private static async Task<ScaleFigures> LargeScaleAsync(SuitePlan plan, Dictionary<string, string> hubSettings)
    {
        var large = TempDirectory("datahub-bench-large");
        try
        {
            Log($"seeding {plan.LargeCitizens:N0} citizens into {large}");
            var seeded = Stopwatch.StartNew();
            DemoDataSeeder.Seed(large, new SeedOptions(plan.LargeCitizens));
            Log($"seeded in {seeded.Elapsed.TotalSeconds:F0} s");
            var tokens = new Tokens(large);
            var ids = SampleIds(large, 2_000);
            await using var hub = await ServerProcess.StartHubAsync(large, hubSettings);
            return await ScaleFiguresAsync(plan, large, hub, tokens, ids) with { Citizens = plan.LargeCitizens };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DeleteDirectory(large);
        }
    }

    private static void AddScaleRows(SuitePlan plan, ScaleFigures small, ScaleFigures large, List<ResultRow> rows, List<string> notes)
    {
        var n = $"{plan.LargeCitizens:N0} vs {plan.Citizens:N0}";
        rows.Add(new($"Scale: citizen by personal ID, latency p50 (ms), {n}", Ms(large.LookupP50), Ms(small.LookupP50),
            Ratio(large.LookupP50, small.LookupP50), "≤ 1.2×", large.LookupP50 <= 1.2 * small.LookupP50));
        rows.Add(new($"Scale: filtered, sorted page of 20, latency p50 (ms), {n}", Ms(large.ListP50), Ms(small.ListP50),
            Ratio(large.ListP50, small.ListP50), "≤ 1.2×", large.ListP50 <= 1.2 * small.ListP50));
        notes.Add($"Scale: sequential requests through the hub (department token, purpose), {plan.SequentialIterations} of each query per size, " +
            "each size on a freshly started hub after the same warm-up. " +
            $"p99 lookup {Ms(large.LookupP99)} vs {Ms(small.LookupP99)} ms; p99 page {Ms(large.ListP99)} vs {Ms(small.ListP99)} ms. " +
            "The page: citizens born in one month, ordered by date of birth, first 20 (no totalCount). " +
            $"The same reads straight on population.db with Microsoft.Data.Sqlite, p50: lookup {Ms(large.SqlLookupP50)} vs {Ms(small.SqlLookupP50)} ms, " +
            $"page {Ms(large.SqlListP50)} vs {Ms(small.SqlListP50)} ms ({Ratio(large.SqlListP50, small.SqlListP50)}): the database's own growth. " +
            $"The {plan.LargeCitizens:N0}-citizen data set is seeded into a temporary folder for this run and deleted after it.");
    }

    // 4. Requests/s of the hub's own Program with audit on and with the audit writer swapped out, in the same host.
    private static async Task AuditCostAsync(
        SuitePlan plan, string data, Dictionary<string, string> hubSettings, Tokens tokens, string[] ids, List<ResultRow> rows, List<string> notes,
        List<(string Title, string Body)> sections, string? traceFile)
    {
        var token = tokens.Department(Department);
        string Body(int i) => JsonSerializer.Serialize(new { query = BaselineFieldsQuery, variables = new { id = ids[i % ids.Length] } });
        var on = new List<LoadResult>();
        var off = new List<LoadResult>();
        var on64 = new List<LoadResult>();
        var off64 = new List<LoadResult>();
        var busy = plan with { Concurrency = plan.Smoke ? plan.Concurrency : 64 };
        LoadResult fixedOn, fixedOff;
        // Both hosts start together (they only read the registry at start) and take turns under load.
        var starting = new[] { ServerProcess.StartBenchHubAsync(data, hubSettings, audit: true), ServerProcess.StartBenchHubAsync(data, hubSettings, audit: false) };
        await Task.WhenAll(starting);
        await using (var withAudit = await starting[0])
        await using (var withoutAudit = await starting[1])
        {
            using var onClient = LoadGenerator.ClientFor(withAudit.BaseAddress);
            using var offClient = LoadGenerator.ClientFor(withoutAudit.BaseAddress);
            for (var round = 0; round < plan.Rounds; round++)
            {
                off.Add(await Measure("audit off", offClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), plan));
                on.Add(await Measure("audit on", onClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), plan));
                off64.Add(await Measure("audit off (busy)", offClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), busy));
                on64.Add(await Measure("audit on (busy)", onClient, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), busy));
            }

            if (traceFile is not null)
            {
                // Both arms once more at the busy concurrency, not measured, each sampled by dotnet-trace: where audit's cost goes.
                foreach (var (arm, server, client) in new[] { ("on", withAudit, onClient), ("off", withoutAudit, offClient) })
                {
                    var traced = await TraceAsync(server, TraceFileFor(traceFile, arm)!, Math.Max(5, (int)busy.RoundDuration.TotalSeconds - 5), () => Measure(
                        $"audit {arm} (busy, traced, not counted)", client, i => LoadGenerator.GraphQLPost("/graphql", Body(i), token, Purpose), busy));
                    if (traced is not null)
                    {
                        sections.Add(($"Where the hub's time goes with audit {arm} ({busy.Concurrency} concurrent, sampled by dotnet-trace, not measured)", traced));
                    }
                }
            }

            // The fixed cost per request (a query that reaches no source) with and without audit: audit's share of it.
            const string Empty = """{"query":"{ __typename }"}""";
            var shortPlan = plan with { RoundDuration = plan.RoundDuration / 2 };
            fixedOff = await Measure("fixed cost, audit off", offClient, _ => LoadGenerator.GraphQLPost("/graphql", Empty, token, Purpose), shortPlan, "__typename");
            fixedOn = await Measure("fixed cost, audit on", onClient, _ => LoadGenerator.GraphQLPost("/graphql", Empty, token, Purpose), shortPlan, "__typename");
        }

        var a = Merge(on);
        var o = Merge(off);
        var a64 = Merge(on64);
        var o64 = Merge(off64);
        rows.Add(new($"Audit cost: requests/s at {plan.Concurrency} concurrent, audit on (hub) vs off (baseline)", Rate(a.PerSecond), Rate(o.PerSecond),
            Ratio(a.PerSecond, o.PerSecond), "≥ 0.8×", a.PerSecond >= 0.8 * o.PerSecond));
        rows.Add(new($"Audit cost: requests/s at {busy.Concurrency} concurrent, audit on vs off", Rate(a64.PerSecond), Rate(o64.PerSecond),
            Ratio(a64.PerSecond, o64.PerSecond), "≥ 0.8×", a64.PerSecond >= 0.8 * o64.PerSecond));
        rows.Add(new("Audit cost: latency p50 (ms), on vs off", Ms(a.P50), Ms(o.P50), Ratio(a.P50, o.P50), "—", null));
        rows.Add(new("Audit cost, breakdown: `{ __typename }` (no source), latency p50 (ms), on vs off", Ms(fixedOn.P50), Ms(fixedOff.P50),
            Ratio(fixedOn.P50, fixedOff.P50), "—", null));
        notes.Add($"Audit cost, breakdown: with no source to read, a request takes {Ms(fixedOn.P50)} ms p50 with audit ({Rate(fixedOn.PerSecond)}/s) " +
            $"and {Ms(fixedOff.P50)} ms without ({Rate(fixedOff.PerSecond)}/s), at {plan.Concurrency} concurrent: the difference is the wait for the " +
            "group commit (the answer leaves only once its entry is durable); what remains without audit is the token check, the caller " +
            "from the cached policy, planning and the access decision, and GraphQL.NET's execution.");
        notes.Add("Audit cost: both arms are the hub's own Program in the bench host (bench/DataHub.Benchmarks/BenchHubHost.cs), same data, " +
            "same query as the overhead scenario; 'off' replaces the AuditWriter registration through DI with one that stores nothing. " +
            $"On: {a.Requests:N0} requests in {a.Seconds:F1} s, p99 {Ms(a.P99)} ms; off: {o.Requests:N0} in {o.Seconds:F1} s, p99 {Ms(o.P99)} ms. " +
            $"At {busy.Concurrency} concurrent: on {a64.Requests:N0} in {a64.Seconds:F1} s, p50/p99 {Ms(a64.P50)}/{Ms(a64.P99)} ms; " +
            $"off {o64.Requests:N0} in {o64.Seconds:F1} s, p50/p99 {Ms(o64.P50)}/{Ms(o64.P99)} ms. Same durability in both: the answer " +
            "leaves once its entry is committed (SQLite WAL, synchronous FULL)." +
            FailureNote(a) + FailureNote(o) + FailureNote(a64) + FailureNote(o64));
    }

    /// <summary>The trace file of one scenario beside the one named on the command line (which is the overhead scenario's).</summary>
    private static string? TraceFileFor(string? traceFile, string scenario) =>
        traceFile is null ? null : Path.ChangeExtension(traceFile, null) + "-" + scenario + ".nettrace";

    private static async Task<string?> TraceAsync(ServerProcess server, string traceFile, int seconds, Func<Task> load)
    {
        using var trace = Process.Start(new ProcessStartInfo("dotnet-trace",
            ["collect", "-p", server.Id.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "--duration",
             TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", traceFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("dotnet-trace did not start (dotnet tool install dotnet-trace)");
        await Task.Delay(2_000);
        await load();
        await trace.WaitForExitAsync();
        Log($"trace of {server.Name} written to {traceFile} (dotnet-trace report {traceFile} topN)");
        return await TraceReport.RenderAsync(traceFile);
    }

    private static async Task<LoadResult> Measure(
        string name, HttpClient client, Func<int, HttpRequestMessage> request, SuitePlan plan, string expected = "\"fullName\"")
    {
        Log($"{name}: {plan.Concurrency} concurrent, up to {plan.MaxRequests:N0} requests or {plan.RoundDuration.TotalSeconds:F0} s");
        var result = await LoadGenerator.RunAsync(client, request, plan.Concurrency, plan.MaxRequests, plan.RoundDuration, plan.Warmup,
            body => !body.Contains("\"errors\"", StringComparison.Ordinal) && body.Contains(expected, StringComparison.Ordinal));
        Log($"{name}: {result.PerSecond:F0}/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.Failures} failed");
        if (result.Requests == 0)
        {
            throw new InvalidOperationException($"{name}: every request failed: {result.FirstFailure}");
        }

        return result;
    }

    private static int AllocationRequests(SuitePlan plan) => plan.Smoke ? 20 : 2_000;

    /// <summary>Bytes the server allocated per request over <see cref="AllocationRequests"/> requests.</summary>
    private static async Task<double> AllocatedPerRequestAsync(
        string name, HttpClient client, Func<Task<long>> allocated, Func<int, HttpRequestMessage> request, SuitePlan plan)
    {
        var before = await allocated();
        var n = AllocationRequests(plan);
        var result = await LoadGenerator.RunAsync(client, request, plan.Concurrency, n, TimeSpan.FromMinutes(2), 0);
        var after = await allocated();
        Log($"allocations, {name}: {(after - before) / (double)(result.Requests + result.Failures):N0} bytes per request over {result.Requests + result.Failures:N0}");
        return (after - before) / (double)Math.Max(1, result.Requests + result.Failures);
    }

    // The hub's own figure: dotnet.gc.heap.total_allocated (GC.GetTotalAllocatedBytes) of its System.Runtime meter, on /metrics.
    private static async Task<long> HubAllocatedAsync(HttpClient client, string steward)
    {
        await Task.Delay(1_000); // past the exporter's scrape cache
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", steward);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_gc_heap_total_allocated", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The hub's /metrics has no dotnet_gc_heap_total_allocated.");
        return (long)double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static async Task<long> BaselineAllocatedAsync(HttpClient client) =>
        long.Parse(await client.GetStringAsync("/allocated"), CultureInfo.InvariantCulture);

    private static string Kib(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture);

    private static LoadResult Merge(List<LoadResult> runs)
    {
        var latencies = runs.SelectMany(r => r.LatenciesMs).ToArray();
        Array.Sort(latencies);
        return new LoadResult(runs.Sum(r => r.Requests), runs.Sum(r => r.Failures), runs.Sum(r => r.Seconds), latencies,
            runs.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null));
    }

    /// <summary>One call at a time, as one user waits for it: warm-up, then the measured iterations.</summary>
    private static async Task<double[]> SequentialAsync(SuitePlan plan, Func<Task> call)
    {
        // Enough warm-up that a freshly started hub (the 1M one) is as jitted as one that has served load (the 10k one).
        for (var i = 0; i < Math.Max(3, plan.Warmup / 5); i++)
        {
            await call();
        }

        var times = new double[plan.SequentialIterations];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static async Task SqlAsync(string data, string file, string sql, string[] keys)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, file)};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var names = keys.Select((k, i) => command.Parameters.AddWithValue("@k" + i.ToString(CultureInfo.InvariantCulture), k).ParameterName);
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, string.Join(", ", names));
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
        }
    }

    private static async Task ExpectDataAsync(HttpClient client, string body, string token, string field)
    {
        var answer = await PostJsonAsync(client, body, token, Purpose);
        if (answer["errors"] is not null || answer["data"]?[field] is null)
        {
            throw new InvalidOperationException($"Unexpected answer: {Trim(answer.ToJsonString())}");
        }
    }

    private static async Task<JsonNode> PostJsonAsync(HttpClient client, string body, string? token, string? purpose)
    {
        using var response = await client.SendAsync(LoadGenerator.GraphQLPost("/graphql", body, token, purpose));
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: empty answer");
    }

    /// <summary>Citizens with land rights, benefit cases and an insurance card (those with most of them first).</summary>
    private static (string[] Ids, int Complete) CrossSourceCitizens(string data, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, DemoDataSeeder.PopulationFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            ATTACH DATABASE '{Path.Combine(data, DemoDataSeeder.LandFile)}' AS land;
            ATTACH DATABASE '{Path.Combine(data, DemoDataSeeder.WelfareFile)}' AS welfare;
            ATTACH DATABASE '{Path.Combine(data, "departments", DepartmentDataSeeder.HealthInsuranceFile)}' AS insurance;
            SELECT personal_id, score FROM (
              SELECT c.personal_id,
                EXISTS (SELECT 1 FROM land.land_use_rights r WHERE r.holder_personal_id = c.personal_id)
                + EXISTS (SELECT 1 FROM welfare.benefit_cases b WHERE b.beneficiary_personal_id = c.personal_id)
                + EXISTS (SELECT 1 FROM insurance.insurance_cards i WHERE i.holder_personal_id = c.personal_id) AS score
              FROM citizens c)
            ORDER BY score DESC, personal_id LIMIT {count};
            """;
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        var complete = 0;
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
            complete += reader.GetInt32(1) == 3 ? 1 : 0;
        }

        return (ids.ToArray(), complete);
    }

    /// <summary>A fixed, spread-out sample of personal IDs from the population file (the same for hub and baseline).</summary>
    private static string[] SampleIds(string data, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, DemoDataSeeder.PopulationFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT personal_id FROM citizens ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var all = new List<string>();
        while (reader.Read())
        {
            all.Add(reader.GetString(0));
        }

        var random = new Random(20261125);
        return Enumerable.Range(0, count).Select(_ => all[random.Next(all.Count)]).ToArray();
    }

    private static string Render(
        SuitePlan plan, List<ResultRow> rows, List<string> notes, List<(string Title, string Body)> sections, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(plan.Smoke ? "# DataHub benchmarks (smoke: one short iteration, figures mean nothing)" : "# DataHub benchmarks");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC at commit {Commit()}, {Environment.ProcessorCount} cores, " +
            $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F0} GiB, .NET {Environment.Version}, took {elapsed.TotalMinutes:F1} min. " +
            $"{plan.Citizens:N0} citizens unless stated; load generator, department services and servers on this one machine, loopback HTTP.");
        text.AppendLine();
        text.AppendLine("| scenario | hub | baseline | ratio | target | met? |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Hub} | {row.Baseline} | {row.Ratio} | {row.Target} | {(row.Met is null ? "—" : row.Met.Value ? "yes" : "**no**")} |");
        }

        text.AppendLine();
        text.AppendLine("## What each scenario reached");
        text.AppendLine();
        foreach (var note in notes)
        {
            text.AppendLine("- " + note);
        }

        foreach (var (title, body) in sections)
        {
            text.AppendLine();
            text.AppendLine("## " + title);
            text.AppendLine();
            text.Append(body);
        }

        return text.ToString();
    }

    internal sealed class Tokens
    {
        private readonly LocalIssuer _issuer;
        private readonly Dictionary<string, string> _applications;

        public Tokens(string data)
        {
            // The hub over this folder loads the same key file, so it accepts these tokens.
            _issuer = new LocalIssuer(new LocalIssuerOptions(), data, TimeProvider.System);
            using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Schema, "access-policy.json")));
            _applications = policy.RootElement.GetProperty("departments").EnumerateArray()
                .ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("entraApplicationId").GetString()!);
        }

        public string Department(string code) => _issuer.ForDepartment(_applications[code], code, TimeSpan.FromHours(2));

        public string Steward() => _issuer.ForSteward("bench", TimeSpan.FromHours(2));
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", RepositoryPaths.Root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    private static string Ms(double value) => value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static string FailureNote(LoadResult result) => result.Failures == 0 ? "" : $" First failure: {result.FirstFailure}.";

    private static string Trim(string? text) => text is null ? "null" : text.Length > 400 ? text[..400] + "…" : text;

    private static string TempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static void DeleteDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException ex)
        {
            Log($"could not delete {path}: {ex.Message}");
        }
    }

    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
