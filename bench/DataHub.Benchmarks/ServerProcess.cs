using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DataHub.Benchmarks;

/// <summary>
/// A server under test as its own OS process on a loopback port (the hub, the bench host of the hub, or the baseline),
/// so its memory is its own and it does not share a GC with the load generator. Stopped with SIGKILL by its own id.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private int _disposed;

    private ServerProcess(Process process, string name, int port)
    {
        _process = process;
        Name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>The hub itself: <c>dotnet exec DataHub.Hub.dll</c>, Production environment, over the given data folder.</summary>
    public static Task<ServerProcess> StartHubAsync(string dataDirectory, IDictionary<string, string> settings) =>
        StartAsync("hub", port => Start(["exec", Path.Combine(AppContext.BaseDirectory, "DataHub.Hub.dll")], port, HubEnvironment(dataDirectory, settings, "Production")));

    /// <summary>The hub's Program in the bench host (<see cref="BenchHubHost"/>), audit on or off.</summary>
    public static Task<ServerProcess> StartBenchHubAsync(string dataDirectory, IDictionary<string, string> settings, bool audit) =>
        StartAsync(audit ? "hub (bench host, audit on)" : "hub (bench host, audit off)", port => Start(
            ["exec", Path.Combine(AppContext.BaseDirectory, "DataHub.Benchmarks.dll"), "hub-host", "--port", port.ToString(CultureInfo.InvariantCulture),
             .. audit ? Array.Empty<string>() : ["--no-audit"]],
            port, HubEnvironment(dataDirectory, settings, BenchHubHost.EnvironmentName)));

    /// <summary>The baseline: a minimal GraphQL.NET endpoint over the same population file (<see cref="BaselineServer"/>).</summary>
    public static Task<ServerProcess> StartBaselineAsync(string dataDirectory) =>
        StartAsync("baseline", port => Start(
            ["exec", Path.Combine(AppContext.BaseDirectory, "DataHub.Benchmarks.dll"), "baseline-server", "--data", dataDirectory,
             "--urls", $"http://127.0.0.1:{port}"],
            port, new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }));

    /// <summary>Peak resident set (VmHWM) and current resident set (VmRSS) in MiB, from /proc/&lt;pid&gt;/status.</summary>
    public (double PeakMiB, double CurrentMiB) Memory()
    {
        double Read(string key)
        {
            var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            var kib = line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return kib / 1024;
        }

        return (Read("VmHWM"), Read("VmRSS"));
    }

    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Dictionary<string, string> HubEnvironment(string dataDirectory, IDictionary<string, string> settings, string environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_gcServer"] = "1",
            ["DataHub__DataDirectory"] = dataDirectory,
            ["DataHub__SchemaDirectory"] = RepositoryPaths.Schema,
            ["DataHub__WriteCompositeSchema"] = "false",
            ["DataHub__SeedDemoDataOnStart"] = "false",
            // The benchmark measures throughput: its own local issuer on purpose, and no quota in the way.
            ["Identity__LocalIssuer__AllowInProduction"] = "true",
            ["RateLimits__DepartmentPerMinute"] = "100000000",
            ["RateLimits__StewardPerMinute"] = "100000000",
            ["RateLimits__CitizenPerMinute"] = "100000000",
            ["RateLimits__AnonymousPerMinute"] = "100000000",
            // The scenarios send document text as a department (the trusted-documents scenario sends both, side by side).
            ["Security__TrustedDocumentsOnly"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            variables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return variables;
    }

    private static Process Start(string[] arguments, int port, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<ServerProcess> StartAsync(string name, Func<int, Process> start)
    {
        var port = FreePort();
        var server = new ServerProcess(start(port), name, port);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited at start:\n{server.Output}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    Suite.Log($"{name} (pid {server.Id}) answers at {server.BaseAddress} after {deadline.Elapsed.TotalSeconds:F1} s");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{name} did not answer /healthz within two minutes:\n{server.Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the repository's folders are, found from the bench's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Schema => Path.Combine(Root, "schema");

    public static string Results => Path.Combine(Root, "bench", "results");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DataHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DataHub.sln not found above " + AppContext.BaseDirectory);
    }
}
