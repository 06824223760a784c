using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Events;
using DataHub.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DataHub.Tests.Citizens;

/// <summary>
/// A citizen's notifications on the subscription transports life events use (issue 17 item 5): <c>myNotifications</c>
/// over graphql-transport-ws and GraphQL over SSE, with the reference clients (npm graphql-ws and graphql-sse, run by
/// Node) against the hub as its own process — "my data was read" and "a department asks for consent", only ever one's own,
/// each delivery audited.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationSubscriptionTests(DemoDataFixture data, ITestOutputHelper output)
{
    private const string Subscription = """
        subscription($after: String) { myNotifications(after: $after) { cursor kind access { department purpose fields citizens } consentRequest { id department reason } } }
        """;

    [Fact]
    public async Task A_citizen_hears_of_reads_and_consent_requests_about_them_and_of_nothing_about_anyone_else_over_both_transports()
    {
        var audit = Path.Combine(data.DataDirectory, $"audit-notify-{Guid.NewGuid():N}.db");
        using var hub = await HubProcess.StartAsync(data.DataDirectory, new Dictionary<string, string>
        {
            ["ConnectionStrings__Events"] = $"Data Source={Path.Combine(data.DataDirectory, $"events-notify-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-notify-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Audit"] = $"Data Source={audit}",
        });
        var issuer = new LocalIssuer(new LocalIssuerOptions(), data.DataDirectory, TimeProvider.System);
        var department = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000006", "so-y-te");
        var people = data.Column("population",
            "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id LIMIT 2 OFFSET 40");
        var (me, other) = (people[0], people[1]);
        var mine = issuer.ForCitizen(me, level: 1);
        var theirs = issuer.ForCitizen(other, level: 1);
        var after = JsonSerializer.Serialize(new { after = "0:" + await LastRequestAsync(hub, mine) });
        var afterOther = JsonSerializer.Serialize(new { after = "0:" + await LastRequestAsync(hub, theirs) });

        using var ws = ReferenceClientTests.NodeClient.Start("ws", hub.BaseAddress + "graphql", mine, "", 2, Subscription, after);
        using var sse = ReferenceClientTests.NodeClient.Start("sse", hub.BaseAddress + "graphql", mine, "", 2, Subscription, after);
        using var others = ReferenceClientTests.NodeClient.Start("ws", hub.BaseAddress + "graphql", theirs, "", 1, Subscription, afterOther);
        try
        {
            await Task.WhenAll(ws.ReadyAsync(), sse.ReadyAsync(), others.ReadyAsync());
            await PostAsync(hub, department, "query($id: ID!) { citizen(personalId: $id) { fullName } }", new { id = me });
            await PostAsync(hub, department, "query($id: ID!) { citizen(personalId: $id) { fullName } }", new { id = other });
            await PostAsync(hub, department, "mutation($input: RequestConsentInput!) { requestConsent(input: $input) { id } }", new
            {
                input = new { personalId = me, fields = new[] { "Citizen.bloodType" }, purpose = "medical-treatment", reason = "Chuẩn bị truyền máu", until = "2027-06-01" },
            });
        }
        finally
        {
            output.WriteLine(hub.Output);
        }

        var overWs = await ws.PayloadsAsync();
        var overSse = await sse.PayloadsAsync();
        var theirPayloads = await others.PayloadsAsync();
        output.WriteLine("graphql-ws: " + string.Join("\n", overWs.Select(p => p.ToJsonString())));
        output.WriteLine("graphql-sse: " + string.Join("\n", overSse.Select(p => p.ToJsonString())));
        output.WriteLine("the other citizen: " + string.Join("\n", theirPayloads.Select(p => p.ToJsonString())));

        foreach (var payloads in new[] { overWs, overSse })
        {
            var notifications = payloads.Select(p => p["data"]!["myNotifications"]!).ToList();
            Assert.Equal(["read", "consent-request"], notifications.Select(n => n["kind"]!.GetValue<string>()));
            Assert.Equal(("so-y-te", "medical-treatment"), (notifications[0]["access"]!["department"]!.GetValue<string>(), notifications[0]["access"]!["purpose"]!.GetValue<string>()));
            Assert.Contains("Citizen.fullName", notifications[0]["access"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
            Assert.Equal("Chuẩn bị truyền máu", notifications[1]["consentRequest"]!["reason"]!.GetValue<string>());
            Assert.DoesNotContain(other, payloads.Select(p => p.ToJsonString()).Aggregate(string.Concat));
        }

        var theirOwn = Assert.Single(theirPayloads)["data"]!["myNotifications"]!;
        Assert.Equal(("read", "so-y-te"), (theirOwn["kind"]!.GetValue<string>(), theirOwn["access"]!["department"]!.GetValue<string>()));
        Assert.DoesNotContain(me, theirPayloads[0].ToJsonString());
    }

    private static async Task<int> LastRequestAsync(HubProcess hub, string citizenToken)
    {
        var json = await PostAsync(hub, citizenToken, "{ myConsentRequests { id } }", new { }, purpose: null);
        return json["data"]!["myConsentRequests"]!.AsArray().Select(r => r!["id"]!.GetValue<int>()).DefaultIfEmpty(0).Max();
    }

    private static async Task<JsonNode> PostAsync(HubProcess hub, string token, string query, object variables, string? purpose = "medical-treatment")
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (purpose is not null)
        {
            client.DefaultRequestHeaders.Add("X-Purpose", purpose);
        }

        var body = JsonSerializer.Serialize(new { query, variables });
        using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(json["errors"] is null, json.ToJsonString());
        return json;
    }
}
