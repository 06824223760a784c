using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.SyntheticData;

namespace DataHub.Benchmarks;

/// <summary>
/// <c>events [--events N] [--smoke]</c>: life events published through the hub (8 publishers at once) and delivered
/// over SSE to 10 subscribers, each delivery one execution of the subscriber's document with its audit entry; events
/// per second published and delivered, and publish-to-delivery latency (from the publish request being sent to a
/// subscriber reading the event) beside a plain query's latency on the same hub in the same run. Writes
/// bench/results/events.md (full run only).
/// </summary>
public static class EventDeliveryBenchmark
{
    private const int Subscribers = 10;
    private const int Publishers = 8;
    private const string Subscription = "subscription { lifeEvents { id kind citizen { fullName dateOfBirth } } }";

    public static async Task<int> RunAsync(int events, bool smoke)
    {
        var data = Path.Combine(Path.GetTempPath(), $"datahub-bench-events-{Guid.NewGuid():N}");
        try
        {
            DemoDataSeeder.Seed(data, new SeedOptions(10_000));
            await using var hub = await ServerProcess.StartHubAsync(data, new Dictionary<string, string>());
            var tokens = new Suite.Tokens(data);
            // The plain query is asked by so-y-te: cong-an's seeded quota (1,200 a minute) would refuse the load; deliveries
            // are not counted against a quota.
            var (civil, police, health) = (tokens.Department("so-tu-phap"), tokens.Department("cong-an"), tokens.Department("so-y-te"));
            var citizens = Citizens(data, 500);

            var clock = Stopwatch.StartNew();
            var sent = new ConcurrentDictionary<string, double>();
            var received = new ConcurrentBag<(string Id, double At)>();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var ready = Enumerable.Range(0, Subscribers).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var readers = Enumerable.Range(0, Subscribers)
                .Select(i => SubscribeAsync(hub.BaseAddress, police, events, ready[i], (id, at) => received.Add((id, at)), clock, stop.Token)).ToArray();
            await Task.WhenAll(ready.Select(r => r.Task));

            // Publish: 8 publishers at once, each event with its own id so its send time is known before the answer.
            var publishStart = clock.Elapsed.TotalMilliseconds;
            var next = -1;
            using var publishClient = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < events)
                {
                    var id = Guid.NewGuid().ToString();
                    var body = JsonSerializer.Serialize(new
                    {
                        query = "mutation($input: PublishLifeEventInput!) { publishLifeEvent(input: $input) { cursor } }",
                        variables = new { input = new { id, kind = "BirthRegistered", personalId = citizens[index % citizens.Count] } },
                    });
                    sent[id] = clock.Elapsed.TotalMilliseconds;
                    using var response = await publishClient.SendAsync(LoadGenerator.GraphQLPost("/graphql", body, civil), stop.Token);
                    response.EnsureSuccessStatusCode();
                }
            }));
            var publishSeconds = (clock.Elapsed.TotalMilliseconds - publishStart) / 1000;
            await Task.WhenAll(readers);
            var deliveredSeconds = (received.Max(r => r.At) - publishStart) / 1000;
            var latencies = received.Select(r => r.At - sent[r.Id]).Order().ToArray();

            // The plain query, on the same hub, the same concurrency, as many requests as events.
            var queryLatencies = new ConcurrentBag<double>();
            using var queryClient = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            next = -1;
            await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < events)
                {
                    var body = JsonSerializer.Serialize(new
                    {
                        query = "query($id: ID!) { citizen(personalId: $id) { fullName dateOfBirth } }",
                        variables = new { id = citizens[index % citizens.Count] },
                    });
                    var start = clock.Elapsed.TotalMilliseconds;
                    using var response = await queryClient.SendAsync(LoadGenerator.GraphQLPost("/graphql", body, health, "medical-treatment"), stop.Token);
                    response.EnsureSuccessStatusCode();
                    queryLatencies.Add(clock.Elapsed.TotalMilliseconds - start);
                }
            }));
            var query = queryLatencies.Order().ToArray();

            var report = new StringBuilder()
                .AppendLine("# Life events: publish and delivery")
                .AppendLine()
                .AppendLine(Intro(events))
                .AppendLine()
                .AppendLine("| figure | value |")
                .AppendLine("|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| events published per second | {events / publishSeconds:F0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| events delivered per second (all {Subscribers} subscribers together) | {latencies.Length / deliveredSeconds:F0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| deliveries | {latencies.Length} of {events * Subscribers} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| publish-to-delivery latency p50 / p99 (ms) | {P(latencies, 0.5):F1} / {P(latencies, 0.99):F1} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| plain query latency p50 / p99 (ms) | {P(query, 0.5):F1} / {P(query, 0.99):F1} |")
                .ToString();
            Console.WriteLine(report);
            if (!smoke)
            {
                await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Results, "events.md"), report);
            }

            return latencies.Length == events * Subscribers ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task SubscribeAsync(
        Uri hub, string token, int expected, TaskCompletionSource ready, Action<string, double> onEvent, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = hub, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = Subscription }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Purpose", "residence-registration");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var count = 0;
        while (count < expected && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            ready.TrySetResult(); // the first line (a keep-alive comment) says the subscription is open
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var at = clock.Elapsed.TotalMilliseconds;
                var id = JsonNode.Parse(line["data: ".Length..])?["data"]?["lifeEvents"]?["id"]?.GetValue<string>();
                if (id is not null)
                {
                    onEvent(id, at);
                    count++;
                }
            }
        }
    }

    private static List<string> Citizens(string data, int count)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "population.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT personal_id FROM citizens ORDER BY personal_id LIMIT {count}";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static string Intro(int events) => string.Format(CultureInfo.InvariantCulture,
        "{0} `BirthRegistered` events published by {1} concurrent publishers (so-tu-phap) to one hub process (SQLite event store, {2} cores), " +
        "delivered over GraphQL over SSE to {3} subscribers (cong-an, `{4}`): each delivery one execution of the document through the pipeline, " +
        "with its audit entry. Latency: from sending the publish request to a subscriber reading the event. The plain query: " +
        "`citizen(personalId:) {{ fullName dateOfBirth }}` (so-y-te), {0} requests at the same concurrency on the same hub, in the same run.",
        events, Publishers, Environment.ProcessorCount, Subscribers, Subscription);

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
}
