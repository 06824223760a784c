using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataHub.Tests.Infrastructure;

/// <summary>The hub as its own OS process on a loopback port, with its console output captured.</summary>
public sealed class HubProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HubProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<HubProcess> StartAsync(string dataDirectory, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = StartInfo(dataDirectory, settings, []);
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        var hub = new HubProcess(Process.Start(start)!, port);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (hub._process.HasExited)
            {
                hub._process.WaitForExit(); // without a timeout it also waits for the redirected output to be read to its end
                throw new InvalidOperationException("The hub exited at start:\n" + hub.Output);
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return hub;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        hub.Dispose();
        throw new TimeoutException("The hub did not answer /healthz within a minute:\n" + hub.Output);
    }

    /// <summary>Runs a command of the hub (<c>audit verify</c>, <c>token …</c>) to its end: its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        string dataDirectory, IDictionary<string, string> settings, params string[] args)
    {
        using var process = Process.Start(StartInfo(dataDirectory, settings, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, IDictionary<string, string> settings, string[] args)
    {
        var hubDll = Path.Combine(AppContext.BaseDirectory, "DataHub.Hub.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", hubDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(hubDll)!,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DataHub__DataDirectory"] = dataDirectory,
                ["DataHub__SchemaDirectory"] = Composition.SchemaFolder.RepositorySchemaDirectory,
                ["DataHub__WriteCompositeSchema"] = "false",
                ["DataHub__SeedDemoDataOnStart"] = "false",
                ["Identity__LocalIssuer__AllowInProduction"] = "true", // the tests' own issuer, on purpose
                ["Security__TrustedDocumentsOnly"] = "false", // the tests' department tokens send their own documents
                ["RateLimits__DepartmentPerMinute"] = "1000000",
                ["RateLimits__StewardPerMinute"] = "1000000",
                ["Health__CacheSeconds"] = "0",
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process can do about it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGKILL to the hub alone: processes it started are left to notice by themselves.</summary>
    public void KillHubOnly()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
