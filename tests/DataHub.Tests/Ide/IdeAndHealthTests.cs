using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Ide;

[Collection(HubCollection.Name)]
public sealed class IdeAndHealthTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_browser_asking_for_graphql_is_sent_to_banana_cake_pop()
    {
        using var client = _hub.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/graphql/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_ide_page_is_served_from_the_npm_package()
    {
        using var client = _hub.StewardClient();

        var html = await client.GetStringAsync("/graphql/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]+\\.js)\"").Groups[1].Value.TrimStart('/');
        using var scriptResponse = await client.GetAsync(script.StartsWith("graphql/", StringComparison.Ordinal) ? "/" + script : "/graphql/" + script);

        Assert.Contains("<title>Banana Cake Pop</title>", html);
        Assert.Equal(HttpStatusCode.OK, scriptResponse.StatusCode);
    }

    [Fact]
    public async Task The_ide_is_told_to_use_the_page_url_as_its_endpoint()
    {
        using var client = _hub.StewardClient();

        var config = JsonNode.Parse(await client.GetStringAsync("/graphql/bcp-config.json"))!;

        Assert.True(config["useBrowserUrlAsEndpoint"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Health_is_503_and_names_the_source_whose_database_is_missing()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["Sources:land:ConnectionString"] = $"Data Source={Path.Combine(data.DataDirectory, "missing.db")};Mode=ReadOnly",
        });
        using var client = hub.StewardClient();

        using var response = await client.GetAsync("/healthz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body["sources"]!["land"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["sources"]!["population"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_source_database_nulls_only_that_sources_fields()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["Sources:land:ConnectionString"] = $"Data Source={Path.Combine(data.DataDirectory, "missing.db")};Mode=ReadOnly",
        });

        var response = await hub.PostAsync("{ citizens(first: 3) { nodes { fullName landRights { rightId } } } }");

        Assert.Contains("SOURCE_UNAVAILABLE", response.ErrorCodes);
        Assert.Contains("'land'", response.Errors[0]!["message"]!.GetValue<string>());
        Assert.All(response.Data!["citizens"]!["nodes"]!.AsArray(), n => Assert.False(string.IsNullOrEmpty(n!["fullName"]!.GetValue<string>())));
        Assert.DoesNotContain("SELECT", response.Body);
    }

    public void Dispose() => _hub.Dispose();
}
