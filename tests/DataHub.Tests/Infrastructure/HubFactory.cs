using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// The hub hosted in-process over the test's demo data, through the real HTTP pipeline
/// (as eShop's functional tests do), with a registry of its own so grants a test changes stay in that test.
/// It never writes into the repository.
/// </summary>
public sealed class HubFactory(
    string dataDirectory, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    private readonly string _registryFile = Path.Combine(dataDirectory, $"registry-{Guid.NewGuid():N}.db");

    // Hubs of one collection share the data folder but not an audit store: each keeps its checkpoint copy apart.
    private readonly string _checkpointFile = Path.Combine(dataDirectory, $"audit-checkpoints-{Guid.NewGuid():N}.jsonl");

    public SqlCommandLog SqlLog => Services.GetRequiredService<SqlCommandLog>();

    /// <summary>A hub whose registry and audit store are fresh PostgreSQL databases (or the given ones, to share them).</summary>
    public static HubFactory OnPostgres(
        string dataDirectory, PostgresFixture postgres, string? registry = null, string? audit = null, Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? settings = null) =>
        new(dataDirectory, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Registry:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Registry"] = registry ?? postgres.NewDatabase("registry"),
            ["Audit:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Audit"] = audit ?? postgres.NewDatabase("audit"),
        }, services);

    public string StewardToken => Services.GetRequiredService<LocalIssuer>().ForSteward("test-steward");

    public AccessDecisions Access => Services.GetRequiredService<AccessDecisions>();

    /// <summary>A department's token, as `token --department CODE` prints it.</summary>
    public string DepartmentToken(string code)
    {
        using var db = Registry();
        var department = db.Departments.AsNoTracking().Single(d => d.Code == code);
        return Services.GetRequiredService<LocalIssuer>().ForDepartment(department.EntraApplicationId!, code);
    }

    public string CitizenToken(string personalId) => Services.GetRequiredService<LocalIssuer>().ForCitizen(personalId);

    public RegistryDbContext Registry() => Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext();

    /// <summary>The newest entry of this hub's audit chain: what the last request recorded.</summary>
    public async Task<Hub.Audit.AuditEntry> LastAuditEntryAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<Hub.Audit.AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.OrderByDescending(e => e.Id).FirstAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataHub:DataDirectory", dataDirectory);
        builder.UseSetting("DataHub:SeedDemoDataOnStart", "false");
        builder.UseSetting("DataHub:WriteCompositeSchema", "false");
        builder.UseSetting("DataHub:RecordSql", "true");
        builder.UseSetting("ConnectionStrings:Registry", $"Data Source={_registryFile};Pooling=False");
        builder.UseSetting("Audit:Checkpoints:File", _checkpointFile);
        // Tests send many requests from one token, and read the health a change caused at once; a test of
        // rate limits or of the health cache sets its own values below.
        builder.UseSetting("RateLimits:DepartmentPerMinute", "1000000");
        builder.UseSetting("RateLimits:StewardPerMinute", "1000000");
        builder.UseSetting("RateLimits:CitizenPerMinute", "1000000");
        builder.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
        builder.UseSetting("Health:CacheSeconds", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>
    /// POSTs a GraphQL request and returns the status and parsed body. Without a token it asks as a data steward
    /// (who reads every field but the never-exposed ones); pass a department's token and purpose to test access.
    /// </summary>
    public async Task<GraphQLResponse> PostAsync(
        string query, object? variables = null, string accept = "application/graphql-response+json", string? token = null, string? purpose = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? StewardToken);
        if (purpose is not null)
        {
            request.Headers.Add("X-Purpose", purpose);
        }

        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>An HTTP client that sends the steward's token.</summary>
    public HttpClient StewardClient(WebApplicationFactoryClientOptions? options = null)
    {
        var client = CreateClient(options ?? new WebApplicationFactoryClientOptions());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StewardToken);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        File.Delete(_registryFile);
        File.Delete(_checkpointFile);
    }
}

/// <summary>A GraphQL response as a test sees it.</summary>
public sealed record GraphQLResponse(int Status, string? MediaType, string Body, JsonNode? Json)
{
    public JsonNode? Data => Json?["data"];

    public JsonArray Errors => Json?["errors"] as JsonArray ?? [];

    public IEnumerable<string?> ErrorCodes => Errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>());

    public int SourceCalls(string source) => Json?["extensions"]?["sourceCalls"]?[source]?.GetValue<int>() ?? 0;

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = body.Length > 0 ? JsonNode.Parse(body) : null;
        }
        catch (JsonException)
        {
        }

        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, json);
    }
}

/// <summary>Snapshooter serializes with Newtonsoft.Json, which does not know System.Text.Json nodes.</summary>
public static class SnapshotExtensions
{
    public static Newtonsoft.Json.Linq.JToken ForSnapshot(this JsonNode? node) =>
        Newtonsoft.Json.Linq.JToken.Parse(node?.ToJsonString() ?? "null");
}
