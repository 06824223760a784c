using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.SyntheticData;

namespace DataHub.Benchmarks;

/// <summary>
/// <c>flap [--minutes M] [--period S] [--citizens N]</c>: the health-insurance service as its own process, killed and
/// started again every S seconds (up S s, down S s), under three hubs at once: one with the fixed 30 s break the hub
/// had (MinBreakSeconds = BreakSeconds = 30), one whose 1 s break doubles up to 30 s, and one whose 1 s break doubles
/// up to 5 s (the default now). Each hub
/// is asked for one insured citizen's card four times a second; the figure is the fraction of answers holding the
/// card among those asked while the service was listening. Prints the figures and a timeline per hub; asserts nothing.
/// </summary>
public static class FlapBenchmark
{
    private const string Query = "query Card($id: ID!) { citizen(personalId: $id) { insuranceCard { cardNumber } } }";

    public static async Task<int> RunAsync(double minutes, double period, int citizens)
    {
        var data = Path.Combine(Path.GetTempPath(), $"datahub-flap-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        Suite.Log($"seeding {citizens:N0} citizens into {data}");
        DemoDataSeeder.Seed(data, new SeedOptions(citizens));
        var port = FreePort();
        var service = new FlappingService(data, port, citizens);
        try
        {
            await service.StartAsync();
            var url = $"http://127.0.0.1:{port}/";
            var hubs = new (string Name, Dictionary<string, string> Settings)[]
            {
                ("fixed 30 s break (before)", Settings(data, "fixed", url, minBreak: 30, maxBreak: 30)),
                ("1 s break doubling to 30 s", Settings(data, "growing-30", url, minBreak: 1, maxBreak: 30)),
                ("1 s break doubling to 5 s (after)", Settings(data, "growing-5", url, minBreak: 1, maxBreak: 5)),
            };
            var servers = new List<ServerProcess>();
            try
            {
                foreach (var hub in hubs)
                {
                    servers.Add(await ServerProcess.StartHubAsync(data, hub.Settings));
                }

                var token = new LocalIssuer(new LocalIssuerOptions(), data, TimeProvider.System).ForSteward("flap", TimeSpan.FromHours(2));
                var insured = await InsuredCitizenAsync(servers[0], token);
                Suite.Log($"flapping every {period} s for {minutes} min; asking for the card of {insured[..3]}… four times a second");
                var clock = Stopwatch.StartNew();
                var duration = TimeSpan.FromMinutes(minutes);
                var flapping = service.FlapAsync(TimeSpan.FromSeconds(period), duration, clock);
                var asking = servers.Select(s => AskAsync(s, token, insured, service, duration, clock)).ToList();
                await flapping;
                var answers = await Task.WhenAll(asking);
                var report = new StringBuilder();
                report.AppendLine(CultureInfo.InvariantCulture, $"| hub | answers while the source listens | with the card | served while up | served overall |");
                report.AppendLine("|---|---|---|---|---|");
                for (var i = 0; i < hubs.Length; i++)
                {
                    var up = answers[i].Where(a => a.Up).ToList();
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| {hubs[i].Name} | {up.Count} | {up.Count(a => a.Served)} | {Percent(up.Count(a => a.Served), up.Count)} | {Percent(answers[i].Count(a => a.Served), answers[i].Length)} |");
                }

                report.AppendLine();
                report.AppendLine("Timeline, one character a second: source up and served `#`, up and not served `.`, down `_` (served while down `!`).");
                for (var i = 0; i < hubs.Length; i++)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"{hubs[i].Name}:");
                    report.AppendLine(Timeline(answers[i]));
                }

                Console.WriteLine(report);
                return 0;
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        }
        finally
        {
            await service.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Dictionary<string, string> Settings(string data, string name, string url, double minBreak, double maxBreak) => new()
    {
        ["ConnectionStrings:Registry"] = $"Data Source={Path.Combine(data, $"registry-{name}.db")}",
        ["ConnectionStrings:Audit"] = $"Data Source={Path.Combine(data, $"audit-{name}.db")}",
        ["Audit:Checkpoints:File"] = Path.Combine(data, $"audit-checkpoints-{name}.jsonl"),
        ["Sources:health-insurance:Url"] = url,
        ["Sources:health-insurance:TimeoutSeconds"] = "5",
        ["Sources:health-insurance:FailuresBeforeBreak"] = "5",
        ["Sources:health-insurance:BreakSeconds"] = maxBreak.ToString(CultureInfo.InvariantCulture),
        ["Sources:health-insurance:MinBreakSeconds"] = minBreak.ToString(CultureInfo.InvariantCulture),
        ["Sources:civil-registration:Url"] = "http://127.0.0.1:9/graphql",
        ["Logging:LogLevel:Default"] = "Error",
    };

    private static async Task<string> InsuredCitizenAsync(ServerProcess hub, string token)
    {
        using var client = Client(hub, token);
        var body = JsonSerializer.Serialize(new { query = "{ citizens(first: 100, order: [{ dateOfBirth: DESC }]) { nodes { personalId insuranceCard { cardNumber } } } }" });
        using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["data"]?["citizens"]?["nodes"]?.AsArray().FirstOrDefault(n => n?["insuranceCard"] is JsonObject)?["personalId"]?.GetValue<string>()
            ?? throw new InvalidOperationException("No citizen with an insurance card answered: " + json?.ToJsonString());
    }

    private static async Task<Answer[]> AskAsync(ServerProcess hub, string token, string personalId, FlappingService service, TimeSpan duration, Stopwatch clock)
    {
        using var client = Client(hub, token);
        var body = JsonSerializer.Serialize(new { query = Query, variables = new { id = personalId } });
        var answers = new List<Answer>();
        while (clock.Elapsed < duration)
        {
            var sent = clock.Elapsed;
            var upAtSend = service.IsUp;
            var served = false;
            try
            {
                using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
                var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                served = json?["data"]?["citizen"]?["insuranceCard"]?["cardNumber"] is not null;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            // An answer counts as "while up" only when the service listened both when it was asked and when it answered.
            answers.Add(new Answer(sent, upAtSend && service.IsUp, served));
            var next = sent + TimeSpan.FromMilliseconds(250);
            if (next > clock.Elapsed)
            {
                await Task.Delay(next - clock.Elapsed);
            }
        }

        return [.. answers];
    }

    private static HttpClient Client(ServerProcess hub, string token)
    {
        var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Timeline(Answer[] answers)
    {
        var seconds = answers.GroupBy(a => (int)a.Sent.TotalSeconds).OrderBy(g => g.Key);
        var line = new StringBuilder();
        foreach (var second in seconds)
        {
            var up = second.Any(a => a.Up);
            var served = second.Any(a => a.Served);
            line.Append(up ? (served ? '#' : '.') : (served ? '!' : '_'));
            if (line.Length % 121 == 120)
            {
                line.Append('\n');
            }
        }

        return line.ToString();
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("F0", CultureInfo.InvariantCulture) + " %";

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Answer(TimeSpan Sent, bool Up, bool Served);

    /// <summary>The health-insurance service as its own process (<c>dotnet exec</c> of its assembly), killed and started again.</summary>
    private sealed class FlappingService(string data, int port, int citizens) : IAsyncDisposable
    {
        private Process? _process;
        private volatile bool _up;

        public bool IsUp => _up;

        public async Task StartAsync()
        {
            var start = new ProcessStartInfo("dotnet",
                ["exec", Path.Combine(AppContext.BaseDirectory, "DataHub.Departments.HealthInsurance.dll"),
                 "--data", Path.Combine(data, "departments"), "--urls", $"http://127.0.0.1:{port}",
                 "--citizens", citizens.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.Environment["Logging__LogLevel__Default"] = "Error";
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var attempt = 0; attempt < 600; attempt++)
            {
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/health");
                    _up = true;
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(50);
                }
            }

            throw new TimeoutException("The health-insurance service did not start.");
        }

        public async Task FlapAsync(TimeSpan period, TimeSpan duration, Stopwatch clock)
        {
            var phase = 1;
            while (clock.Elapsed < duration)
            {
                var next = period * phase++;
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed);
                }

                if (_up)
                {
                    await StopAsync();
                }
                else
                {
                    await StartAsync();
                }
            }
        }

        public async ValueTask DisposeAsync() => await StopAsync();

        private async Task StopAsync()
        {
            _up = false;
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process?.Dispose();
            _process = null;
        }
    }
}
