using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Audit;
using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Http;

/// <summary>Quotas per department, steward, citizen and anonymous client, on /graphql and /admin, through the real HTTP pipeline.</summary>
[Collection(HubCollection.Name)]
public sealed class RateLimitTests(DemoDataFixture data) : IDisposable
{
    private const string Query = "{ citizens(first: 1) { nodes { fullName } } }";
    private const string Purpose = "medical-treatment";
    private readonly List<HubFactory> _hubs = [];

    [Fact]
    public async Task A_department_over_its_quota_gets_429_with_retry_after_and_RATE_LIMITED()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "3"));
        var token = hub.DepartmentToken("so-y-te");

        var allowed = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await hub.PostAsync(Query, token: token, purpose: Purpose)).Status);
        }

        using var refused = await SendAsync(hub, "/graphql", token);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;

        Assert.All(allowed, status => Assert.Equal(200, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("RATE_LIMITED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("so-y-te", body["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quota_in_the_registry_wins_over_the_configured_default()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "1000"));
        await SetQuotaAsync(hub, "so-y-te", 2);
        var token = hub.DepartmentToken("so-y-te");

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await hub.PostAsync(Query, token: token, purpose: Purpose)).Status);
        }

        Assert.Equal([200, 200, 429], statuses);
    }

    [Fact]
    public async Task A_steward_changes_a_departments_quota_through_the_admin_api_and_it_applies_at_once()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "1000"));
        var token = hub.DepartmentToken("so-y-te");
        Assert.Equal(200, (await hub.PostAsync(Query, token: token, purpose: Purpose)).Status);

        var set = await hub.AdminAsync("mutation { setDepartmentQuota(code: \"so-y-te\", requestsPerMinute: 1, reason: \"Quá tải\") { code requestsPerMinute } }");
        var first = await hub.PostAsync(Query, token: token, purpose: Purpose);
        var second = await hub.PostAsync(Query, token: token, purpose: Purpose);
        var change = (await hub.AdminAsync("{ adminChanges(target: \"department/so-y-te\") { action after } }")).Ok()["adminChanges"]![0]!;

        Assert.Equal(1, set.Ok()["setDepartmentQuota"]!["requestsPerMinute"]!.GetValue<int>());
        Assert.Equal(200, first.Status); // a new quota starts a new window
        Assert.Equal(429, second.Status);
        Assert.Equal("setDepartmentQuota", change["action"]!.GetValue<string>());
        Assert.Contains("\"requestsPerMinute\":1", change["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quota_below_one_is_INVALID_ARGUMENT()
    {
        var hub = Hub();

        var response = await hub.AdminAsync("mutation { setDepartmentQuota(code: \"so-y-te\", requestsPerMinute: 0) { code } }");

        Assert.Equal("INVALID_ARGUMENT", response.Code());
    }

    [Fact]
    public async Task One_department_over_its_quota_does_not_slow_another()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "1"));
        var health = hub.DepartmentToken("so-y-te");
        await hub.PostAsync(Query, token: health, purpose: Purpose);

        var refused = await hub.PostAsync(Query, token: health, purpose: Purpose);
        var other = await hub.PostAsync(Query, token: hub.DepartmentToken("bhxh"), purpose: "health-insurance-enrolment");

        Assert.Equal(429, refused.Status);
        Assert.Equal(200, other.Status);
    }

    [Fact]
    public async Task Requests_without_a_token_are_limited_per_client_before_they_are_refused_401()
    {
        var hub = Hub(("RateLimits:AnonymousPerMinute", "2"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(hub, "/graphql", token: null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_proxy_each_forwarded_client_address_has_its_own_quota()
    {
        var hub = Hub(IPAddress.Loopback, ("RateLimits:AnonymousPerMinute", "1"));
        var client = hub.CreateClient();
        async Task<HttpStatusCode> FromAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        var first = await FromAsync("198.51.100.1");
        var again = await FromAsync("198.51.100.1");
        var other = await FromAsync("198.51.100.2");

        Assert.Equal(HttpStatusCode.Unauthorized, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
        Assert.Equal(HttpStatusCode.Unauthorized, other);
    }

    [Fact]
    public async Task A_steward_has_a_quota_of_their_own_on_the_admin_routes()
    {
        var hub = Hub(("RateLimits:StewardPerMinute", "2"), ("RateLimits:DepartmentPerMinute", "5"));

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/admin/graphql", "/admin/departments", "/admin/graphql" })
        {
            using var response = await SendAsync(hub, path, hub.StewardToken);
            statuses.Add(response.StatusCode);
        }

        var department = await hub.PostAsync(Query, token: hub.DepartmentToken("so-y-te"), purpose: Purpose);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(200, department.Status);
    }

    [Fact]
    public async Task A_citizen_has_a_quota_of_their_own()
    {
        var hub = Hub(("RateLimits:CitizenPerMinute", "1"));
        var citizen = hub.CitizenToken(data.Column("population", "SELECT personal_id FROM citizens LIMIT 1")[0]);
        var query = "{ myAccessLog(first: 1) { totalCount } }";

        var first = await hub.PostAsync(query, token: citizen);
        var second = await hub.PostAsync(query, token: citizen);

        Assert.NotEqual(429, first.Status);
        Assert.Equal(429, second.Status);
    }

    [Fact]
    public async Task The_ide_files_the_console_and_healthz_are_not_limited()
    {
        var hub = Hub(("RateLimits:AnonymousPerMinute", "1"));
        using var client = hub.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var path in new[] { "/healthz", "/graphql/bcp-config.json", "/steward/signin" })
            {
                using var response = await client.GetAsync(path);
                statuses.Add(response.StatusCode);
            }
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_refusal_is_audited_as_rejected_with_RATE_LIMITED()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "1"));
        var token = hub.DepartmentToken("so-y-te");
        await hub.PostAsync(Query, token: token, purpose: Purpose);

        var refused = await hub.PostAsync(Query, token: token, purpose: Purpose);
        var entry = Assert.Single(await RefusalsAsync(hub));

        Assert.Equal(429, refused.Status);
        Assert.Equal("department", entry.PrincipalKind);
        Assert.Equal("so-y-te", entry.Principal);
        Assert.Equal(Purpose, entry.Purpose);
        Assert.Equal("", entry.Fields);
        Assert.Equal("", entry.Citizens);
    }

    [Fact]
    public async Task A_flood_of_refusals_is_audited_at_most_once_a_second_per_caller()
    {
        var hub = Hub(("RateLimits:DepartmentPerMinute", "1"));
        var token = hub.DepartmentToken("so-y-te");
        await hub.PostAsync(Query, token: token, purpose: Purpose);

        var clock = Stopwatch.StartNew();
        var refusals = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => hub.PostAsync(Query, token: token, purpose: Purpose)));
        var seconds = clock.Elapsed.TotalSeconds;
        var audited = await RefusalsAsync(hub);

        Assert.All(refusals, r => Assert.Equal(429, r.Status));
        Assert.InRange(audited.Count, 1, (int)Math.Ceiling(seconds) + 1);
    }

    public void Dispose()
    {
        foreach (var hub in _hubs)
        {
            hub.Dispose();
        }
    }

    /// <summary>A hub with its own audit store, so the refusals a test counts are its own.</summary>
    private HubFactory Hub(params (string Key, string Value)[] settings) => Hub(null, settings);

    private HubFactory Hub(IPAddress? client, params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["ConnectionStrings:Audit"] = $"Data Source={Path.Combine(data.DataDirectory, $"audit-{Guid.NewGuid():N}.db")};Pooling=False";
        var hub = new HubFactory(data.DataDirectory, all,
            client is null ? null : services => services.AddSingleton<IStartupFilter>(new ClientAddress(client)));
        _hubs.Add(hub);
        return hub;
    }

    private static async Task SetQuotaAsync(HubFactory hub, string department, int perMinute)
    {
        await using (var db = hub.Registry())
        {
            var row = await db.Departments.SingleAsync(d => d.Code == department);
            row.RequestsPerMinute = perMinute;
            await db.SaveChangesAsync();
        }

        hub.Access.InvalidateLocal();
    }

    private static async Task<List<AuditEntry>> RefusalsAsync(HubFactory hub)
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.AsNoTracking().Where(e => e.Outcome == "rejected" && e.ErrorCodes == "RATE_LIMITED").ToListAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(HubFactory hub, string path, string? token)
    {
        var client = hub.CreateClient(); // not disposed here: the caller reads the response
        var get = path == "/admin/departments";
        using var request = new HttpRequestMessage(get ? HttpMethod.Get : HttpMethod.Post, path);
        if (!get)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(new { query = path == "/graphql" ? Query : "{ departments { code } }" }),
                Encoding.UTF8, "application/json");
            request.Headers.Add("X-Purpose", Purpose);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }
}
