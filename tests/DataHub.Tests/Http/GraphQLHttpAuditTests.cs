using System.Diagnostics;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DataHub.Tests.Http;

/// <summary>
/// The graphql-http audit suite (npm <c>graphql-http</c> 1.23.1, <c>serverAudits</c>, in <c>tests/graphql-http-audit</c>)
/// run by Node against the hub as its own process: every audit ok, no notices or warnings.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class GraphQLHttpAuditTests(DemoDataFixture data, ITestOutputHelper log)
{
    private readonly string _name = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_graphql_http_server_audits_all_pass_without_notices_or_warnings()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Audit"] = $"Data Source={Path.Combine(data.DataDirectory, $"audit-http-{_name}.db")};Pooling=False",
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-http-{_name}.db")};Pooling=False",
            ["Audit__Checkpoints__File"] = Path.Combine(data.DataDirectory, $"audit-checkpoints-http-{_name}.jsonl"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var token = await HubProcess.RunCommandAsync(data.DataDirectory, settings, "token", "--steward");
        Assert.Equal(0, token.ExitCode);
        using var hub = await HubProcess.StartAsync(data.DataDirectory, settings);

        var (exitCode, output) = await RunAuditAsync(new Uri(hub.BaseAddress, "/graphql"), token.Output.Trim());

        log.WriteLine(output);
        log.WriteLine(hub.Output);
        Assert.Contains("audits: 61 ok, 0 notice, 0 warn, 0 error", output);
        Assert.DoesNotContain("\nwarn\t", "\n" + output);
        Assert.Equal(0, exitCode);
    }

    private static async Task<(int ExitCode, string Output)> RunAuditAsync(Uri url, string token)
    {
        var directory = Path.Combine(SchemaFolder.RepositorySchemaDirectory, "..", "tests", "graphql-http-audit");
        using var process = Process.Start(new ProcessStartInfo("node", ["audit.mjs", url.ToString(), token])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
