using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DataHub.Tests.Events;

/// <summary>
/// The two subscription transports against clients no one here wrote: npm graphql-ws 6.4.2 (graphql-transport-ws)
/// and graphql-sse 2.6.1 (distinct connections mode), run by Node (tests/SubscriptionClients/subscribe.mjs) against
/// the hub as its own process on a loopback port.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ReferenceClientTests(DemoDataFixture data, ITestOutputHelper output)
{
    private const string Subscription = """
        subscription($after: String) { lifeEvents(after: $after) { id cursor kind personalId citizen { fullName dateOfBirth } } }
        """;

    private static readonly string Clients = Path.GetFullPath(Path.Combine(Composition.SchemaFolder.RepositorySchemaDirectory, "..", "tests", "SubscriptionClients"));

    [Fact]
    public async Task Graphql_ws_and_graphql_sse_clients_receive_the_published_events_in_order_and_resume_after_a_cursor()
    {
        using var hub = await HubProcess.StartAsync(data.DataDirectory, new Dictionary<string, string>
        {
            ["ConnectionStrings__Events"] = $"Data Source={Path.Combine(data.DataDirectory, $"events-ref-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-ref-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Audit"] = $"Data Source={Path.Combine(data.DataDirectory, $"audit-ref-{Guid.NewGuid():N}.db")}",
            // The IDE's files, as a deployed hub has them: without them GET /graphql/ is a fallback route that
            // routing cannot tell from GET /graphql (the WebSocket upgrade), and answers 500.
            ["DataHub__IdeDirectory"] = Path.Combine(Clients, "..", "..", "src", "Hub", "Ide", "node_modules", "@chillicream", "bananacakepop-graphql-ide"),
        });
        var issuer = new LocalIssuer(new LocalIssuerOptions(), data.DataDirectory, TimeProvider.System);
        var civil = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000002", "so-tu-phap");
        var police = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000001", "cong-an");
        var citizens = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 2 OFFSET 20");

        using var ws = NodeClient.Start("ws", hub.BaseAddress + "graphql", police, "residence-registration", 2, Subscription, "{}");
        using var sse = NodeClient.Start("sse", hub.BaseAddress + "graphql", police, "residence-registration", 2, Subscription, "{}");
        try
        {
            await Task.WhenAll(ws.ReadyAsync(), sse.ReadyAsync());
        }
        finally
        {
            output.WriteLine(hub.Output);
        }

        var cursors = new List<string>();
        foreach (var personalId in citizens)
        {
            cursors.Add(await PublishAsync(hub, civil, personalId));
        }

        var overWs = await ws.PayloadsAsync();
        var overSse = await sse.PayloadsAsync();
        output.WriteLine("graphql-ws: " + string.Join("\n", overWs.Select(p => p.ToJsonString())));
        output.WriteLine("graphql-sse: " + string.Join("\n", overSse.Select(p => p.ToJsonString())));
        using var resumed = NodeClient.Start("ws", hub.BaseAddress + "graphql", police, "residence-registration", 1, Subscription,
            JsonSerializer.Serialize(new { after = cursors[0] }));
        var afterFirst = await resumed.PayloadsAsync();

        foreach (var payloads in new[] { overWs, overSse })
        {
            Assert.Equal(cursors, payloads.Select(p => p["data"]!["lifeEvents"]!["cursor"]!.GetValue<string>()));
            Assert.Equal(citizens, payloads.Select(p => p["data"]!["lifeEvents"]!["personalId"]!.GetValue<string>()));
            Assert.All(payloads, p => Assert.False(string.IsNullOrEmpty(p["data"]!["lifeEvents"]!["citizen"]!["fullName"]?.GetValue<string>())));
        }

        Assert.Equal([cursors[1]], afterFirst.Select(p => p["data"]!["lifeEvents"]!["cursor"]!.GetValue<string>()));
    }

    private static async Task<string> PublishAsync(HubProcess hub, string token, string personalId)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.Serialize(new { query = LifeEventTests.Publish, variables = new { input = new { kind = "BirthRegistered", personalId } } });
        using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["data"]!["publishLifeEvent"]!["cursor"]!.GetValue<string>();
    }

    /// <summary>One run of subscribe.mjs: "ready" once subscribed, then one JSON line per payload.</summary>
    internal sealed class NodeClient : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _lines = [];
        private readonly StringBuilder _errors = new();

        private NodeClient(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == "ready")
                {
                    _ready.TrySetResult();
                }
                else if (e.Data is { Length: > 0 })
                {
                    lock (_lines)
                    {
                        _lines.Add(e.Data);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static NodeClient Start(string transport, string url, string token, string purpose, int count, string query, string variables)
        {
            var start = new ProcessStartInfo("node", ["subscribe.mjs", transport, url, token, purpose, count.ToString(System.Globalization.CultureInfo.InvariantCulture), query, variables])
            {
                WorkingDirectory = Clients,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            return new NodeClient(Process.Start(start)!);
        }

        public async Task ReadyAsync()
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(bound.Token));
            Assert.True(_ready.Task.IsCompleted, "the client did not subscribe: " + Output());
        }

        public async Task<List<JsonNode>> PayloadsAsync()
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await _process.WaitForExitAsync(bound.Token);
            Assert.True(_process.ExitCode == 0, $"the client exited with {_process.ExitCode}: " + Output());
            lock (_lines)
            {
                return _lines.Select(l => JsonNode.Parse(l)!).ToList();
            }
        }

        private string Output()
        {
            lock (_lines)
            {
                lock (_errors)
                {
                    return string.Join("\n", _lines) + "\n" + _errors;
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
