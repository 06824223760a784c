using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Ide;

[Collection(HubCollection.Name)]
public sealed class IdeAndHealthTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

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
    public async Task In_development_the_ide_opens_with_the_readme_first_query_and_the_endpoint_set()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["DataHub:DemoDepartments:Enabled"] = "false",
        });
        using var client = hub.CreateClient();
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Composition.SchemaFolder.RepositorySchemaDirectory)!, "README.md"));
        var firstQuery = System.Text.RegularExpressions.Regex.Match(readme, "```graphql\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

        var config = JsonNode.Parse(await client.GetStringAsync("/graphql/bcp-config.json"))!;

        Assert.Contains("citizens(first: 5", firstQuery);
        Assert.Equal(firstQuery, config["graphQLDocument"]!.GetValue<string>());
        Assert.Equal("/graphql", config["endpoint"]!.GetValue<string>());
        Assert.True(config["useBrowserUrlAsEndpoint"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Outside_development_the_ide_opens_with_an_empty_document()
    {
        using var client = _hub.CreateClient();

        var config = JsonNode.Parse(await client.GetStringAsync("/graphql/bcp-config.json"))!;

        Assert.Null(config["graphQLDocument"]);
    }

    [Fact]
    public async Task Health_tells_anyone_only_the_status()
    {
        using var client = _hub.CreateClient();

        using var response = await client.GetAsync("/healthz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status"], body.Select(kv => kv.Key));
        Assert.Equal("Degraded", body["status"]!.GetValue<string>()); // this test hub runs no department services
    }

    [Fact]
    public async Task A_missing_source_database_makes_the_hub_degraded_and_the_steward_view_names_it()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["Sources:land:ConnectionString"] = $"Data Source={Path.Combine(data.DataDirectory, "missing.db")};Mode=ReadOnly",
        });
        using var client = hub.StewardClient();

        using var anonymous = await hub.CreateClient().GetAsync("/healthz");
        var status = await anonymous.Content.ReadAsStringAsync();
        using var response = await client.GetAsync("/admin/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("{\"status\":\"Degraded\"}", status);
        Assert.DoesNotContain("land", status);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", body["sources"]!["land"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["sources"]!["population"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["databases"]!["registry"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_detailed_health_is_for_stewards_only()
    {
        using var client = _hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _hub.DepartmentToken("so-y-te"));

        using var anonymous = await client.GetAsync("/admin/health");
        using var department = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, department.StatusCode);
        Assert.Contains("STEWARD_ONLY", await department.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_flood_of_health_calls_checks_the_databases_once()
    {
        var opened = new ConnectionCounter();
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["Health:CacheSeconds"] = "60" },
            services => services.AddSingleton<IInterceptor>(opened));
        using var client = hub.CreateClient();
        await client.GetAsync("/healthz"); // the first call checks
        var before = opened.Count;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await client.GetAsync("/healthz");
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(before, opened.Count);
    }

    /// <summary>Counts connections the registry opens.</summary>
    private sealed class ConnectionCounter : DbConnectionInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ConnectionOpeningAsync(connection, eventData, result, cancellationToken);
        }

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Interlocked.Increment(ref _count);
            return base.ConnectionOpening(connection, eventData, result);
        }
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
}
