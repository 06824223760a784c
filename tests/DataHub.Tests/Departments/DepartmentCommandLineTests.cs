using System.Diagnostics;
using DataHub.Departments;
using DataHub.Hub.Hosting;

namespace DataHub.Tests.Departments;

/// <summary>
/// The department programs' one command-line reader: <c>--help</c> prints the usage, an unknown or malformed option and
/// a missing required one stop the start with exit code 2 and name the option; every option name and default stays.
/// </summary>
public sealed class DepartmentCommandLineTests
{
    [Fact]
    public void A_department_service_without_options_keeps_its_defaults()
    {
        var options = Read([], out var exitCode, out _, out _);

        Assert.Equal(DepartmentCommandLine.Done, exitCode);
        Assert.NotNull(options);
        Assert.Equal("http://127.0.0.1:5099", options.Url);
        Assert.Equal(Path.GetFullPath("data/departments"), options.DataDirectory);
        Assert.Null(options.ExitWithProcessId);
    }

    [Fact]
    public void A_department_service_reads_every_option_the_hub_passes()
    {
        var options = Read(["--urls", "http://127.0.0.1:6001", "--data", "/tmp/x/departments", "--citizens", "300", "--seed", "11", "--exit-with", "42"],
            out var exitCode, out _, out _);

        Assert.Equal(DepartmentCommandLine.Done, exitCode);
        Assert.Equal(("http://127.0.0.1:6001", "/tmp/x/departments", 300, 11, 42),
            (options!.Url, options.DataDirectory, options.Seed.Citizens, options.Seed.RandomSeed, options.ExitWithProcessId));
    }

    [Fact]
    public void Help_prints_the_usage_with_every_option_and_starts_nothing()
    {
        var options = Read(["--help"], out var exitCode, out var output, out _);

        Assert.Null(options);
        Assert.Equal(DepartmentCommandLine.Done, exitCode);
        Assert.All(new[] { "--urls", "--data", "--citizens", "--seed", "--exit-with", "A test department." }, o => Assert.Contains(o, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--bogus", "--bogus")]
    [InlineData("--citizens abc", "--citizens: 'abc' is not a whole number.")]
    [InlineData("--citizens 0", "--citizens must be 1 or more")]
    [InlineData("--exit-with", "--exit-with")]
    public void An_unknown_or_malformed_option_exits_2_naming_it(string line, string named)
    {
        var options = Read(line.Split(' '), out var exitCode, out _, out var errors);

        Assert.Null(options);
        Assert.Equal(DepartmentCommandLine.NotRun, exitCode);
        Assert.Contains(named, errors, StringComparison.Ordinal);
        Assert.Contains("See '--help'.", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_without_its_hub_database_or_secret_exits_2_naming_what_is_missing()
    {
        var withoutOptions = await RunAsync("bhxh", "s");
        var withoutSecret = await RunAsync("bhxh", secret: null, "--hub", "http://127.0.0.1:5080", "--database", "x.db");

        Assert.Equal((DepartmentCommandLine.NotRun, DepartmentCommandLine.NotRun), (withoutOptions.ExitCode, withoutSecret.ExitCode));
        Assert.Contains("Option '--hub' is required.", withoutOptions.Output, StringComparison.Ordinal);
        Assert.Contains("Option '--database' is required.", withoutOptions.Output, StringComparison.Ordinal);
        Assert.Contains("DATAHUB_CLIENT_SECRET is not set", withoutSecret.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_refuses_a_relative_hub_address_and_an_out_of_range_attempt_count()
    {
        var (exitCode, output) = await RunAsync("cong-an", "s", "--hub", "hub.local", "--database", "x.db", "--max-attempts", "0");

        Assert.Equal(DepartmentCommandLine.NotRun, exitCode);
        Assert.Contains("--hub: 'hub.local' is not an absolute http(s) URL.", output, StringComparison.Ordinal);
        Assert.Contains("--max-attempts must be from 1 to 100.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_prints_its_usage_with_the_retry_options()
    {
        var (exitCode, output) = await RunAsync("so-ldtbxh", secret: null, "--help");

        Assert.Equal(DepartmentCommandLine.Done, exitCode);
        Assert.All(new[] { "--hub", "--database", "--poll-ms", "--max-attempts", "--retry-ms", "--exit-with" }, o => Assert.Contains(o, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_public_service_app_refuses_an_unknown_option()
    {
        var (exitCode, output) = await RunAsync("public-service", "s", "--civil-registry", "http://127.0.0.1:5081", "--hub-url", "http://x");

        Assert.Equal(DepartmentCommandLine.NotRun, exitCode);
        Assert.Contains("--hub-url", output, StringComparison.Ordinal);
    }

    private static DepartmentOptions? Read(string[] args, out int exitCode, out string output, out string errors)
    {
        using StringWriter stdout = new(), stderr = new();
        var options = DepartmentOptions.Read(args, "http://127.0.0.1:5099", "A test department.", stdout, stderr, out exitCode);
        (output, errors) = (stdout.ToString(), stderr.ToString());
        return options;
    }

    /// <summary>Runs a department program (as the hub starts it) to its end: its exit code and everything it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string? secret, params string[] args)
    {
        var dll = DemoWorkers.AssemblyOf(program) ?? throw new InvalidOperationException($"{program} is not built");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove(DepartmentCommandLine.SecretVariable);
        if (secret is not null)
        {
            start.Environment[DepartmentCommandLine.SecretVariable] = secret;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
