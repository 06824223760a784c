using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests that need one: the one named by <c>DATAHUB_TEST_POSTGRES</c>, or else a
/// throwaway cluster (Debian's PostgreSQL, run as the <c>postgres</c> user on a temp directory and a free loopback
/// port) started on first use and removed afterwards. Each caller gets a database of its own.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lock _lock = new();
    private string? _serverConnectionString;
    private string? _clusterDirectory;
    private string? _pgCtl;

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    public string NewDatabase(string prefix)
    {
        var server = Server();
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the server to test a hub that loses its database: fast shutdown (clients cut, one checkpoint) with a long
    /// bounded wait, since on a loaded machine the checkpoint can outlast pg_ctl's usual minute; if it still has not
    /// stopped, immediate shutdown (no checkpoint; the next start recovers from the WAL). Either way the server is down
    /// when this returns, or it throws.
    /// </summary>
    public void Stop()
    {
        if (PgCtl("stop -m fast", StopWaitSeconds, failOk: true) == 0)
        {
            return;
        }

        // pg_ctl gave up waiting (the postmaster may still be shutting down): SIGQUIT ends it. "No server running" is
        // fine too — the fast shutdown finished in between — so only the status below decides.
        PgCtl("stop -m immediate", StopWaitSeconds, failOk: true);
        if (PgCtl("status", StopWaitSeconds, failOk: true) != NotRunning)
        {
            throw new InvalidOperationException($"PostgreSQL did not stop (fast, then immediate); its log: {_clusterDirectory}/server.log");
        }
    }

    public void Start()
    {
        PgCtl("start", StartWaitSeconds);
        NpgsqlConnection.ClearAllPools(); // connections from before the restart are dead
    }

    public void Dispose()
    {
        if (_clusterDirectory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        PgCtl("stop -m immediate", StopWaitSeconds, failOk: true);
        Directory.Delete(_clusterDirectory, recursive: true);
    }

    private string Server()
    {
        lock (_lock)
        {
            return _serverConnectionString ??= Environment.GetEnvironmentVariable("DATAHUB_TEST_POSTGRES") ?? StartCluster();
        }
    }

    private string StartCluster()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed: run 'bash scripts/test.sh' (it installs Debian's postgresql) or set DATAHUB_TEST_POSTGRES.");
        }

        _pgCtl = Path.Combine(bin, "pg_ctl");
        _clusterDirectory = Path.Combine(Path.GetTempPath(), "datahub-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_clusterDirectory);
        Run("chown", $"postgres:postgres {_clusterDirectory}");
        RunAsPostgres(Path.Combine(bin, "initdb"), $"-D {_clusterDirectory}/data -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8");
        var port = FreePort();
        File.AppendAllText(Path.Combine(_clusterDirectory, "data", "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{_clusterDirectory}'\nfsync = on\nmax_connections = 500\n");
        PgCtl("start", StartWaitSeconds);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=30";
    }

    /// <summary>pg_ctl's exit code for <c>status</c> when no server runs in the data directory.</summary>
    private const int NotRunning = 3;

    /// <summary>How long pg_ctl waits for a stop or a start (its -t); generous, since a loaded CI machine is slow, and bounded.</summary>
    private const int StopWaitSeconds = 180;

    private const int StartWaitSeconds = 180;

    private int PgCtl(string action, int waitSeconds, bool failOk = false)
    {
        if (_pgCtl is null || _clusterDirectory is null)
        {
            throw new InvalidOperationException("Only a cluster the tests started can be stopped and started.");
        }

        return RunAsPostgres(_pgCtl, $"-D {_clusterDirectory}/data -l {_clusterDirectory}/server.log -w -t {waitSeconds} {action}", failOk);
    }

    private static int RunAsPostgres(string program, string arguments, bool failOk = false) =>
        Run("runuser", $"-u postgres -- {program} {arguments}", failOk);

    private static int Run(string program, string arguments, bool failOk = false)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !failOk)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {errors} {output.Result}");
        }

        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<DemoDataFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
