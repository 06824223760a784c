using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Hosting;

/// <summary>The hub's command line as an operator runs it: help for each command, and one exit code per kind of failure.</summary>
[Collection(HubCollection.Name)]
public sealed class CommandLineTests(DemoDataFixture data)
{
    private static readonly Dictionary<string, string> Quiet = new() { ["Logging__LogLevel__Default"] = "Warning" };

    [Theory]
    [InlineData("token", "--department <code>")]
    [InlineData("audit", "public-key")]
    [InlineData("audit verify", "--public-key <key.pem>")]
    [InlineData("audit export", "--from <time> (REQUIRED)")]
    [InlineData("seed", "--citizens <citizens>")]
    public async Task Every_command_explains_itself_with_help_and_exit_code_0(string command, string expected)
    {
        var (exitCode, output) = await HubProcess.RunCommandAsync(data.DataDirectory, Quiet, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, output);
        Assert.Contains("Usage:", output);
    }

    [Theory]
    [InlineData("token --steward --citizen 001043259517", "one of --department, --steward, --citizen")]
    [InlineData("token --steward --minutes 0", "--minutes must be from 1 to 1440")]
    [InlineData("token --department so-y-te --colour red", "--colour")]
    [InlineData("audit export --to 2026-01-01", "'--from' is required")]
    [InlineData("audit rewrite", "rewrite")]
    [InlineData("seed --citizens 5", "--citizens must be from 10")]
    [InlineData("token --steward --minutes abc", "Cannot parse argument 'abc' for option '--minutes'")]
    [InlineData("token --citizen 001043259517 --level two", "Cannot parse argument 'two' for option '--level'")]
    [InlineData("seed --citizens many", "Cannot parse argument 'many' for option '--citizens'")]
    [InlineData("quality run --max-batches 0", "--max-batches must be 1 or more")]
    public async Task A_usage_error_exits_2_with_the_problem_and_where_to_find_help(string command, string expected)
    {
        var (exitCode, output) = await HubProcess.RunCommandAsync(data.DataDirectory, Quiet, command.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output);
        Assert.Contains("--help", output);
    }

    [Fact]
    public async Task A_token_for_a_department_that_is_not_registered_exits_2_naming_the_registered_ones()
    {
        var settings = new Dictionary<string, string>(Quiet)
        {
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-cli-{Guid.NewGuid():N}.db")};Pooling=False",
        };

        var (exitCode, output) = await HubProcess.RunCommandAsync(data.DataDirectory, settings, "token", "--department", "so-khong-co");

        Assert.Equal(2, exitCode);
        Assert.Contains("'so-khong-co' is not a registered department (bhxh, cong-an", output);
    }
}
