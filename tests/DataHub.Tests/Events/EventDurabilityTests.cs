using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Events;

/// <summary>An event the publisher was answered for survives the hub being killed before anyone received it.</summary>
[Collection(HubCollection.Name)]
public sealed class EventDurabilityTests(DemoDataFixture data)
{
    [Fact]
    public async Task Events_published_before_a_sigkill_are_delivered_in_order_by_the_restarted_hub()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Events"] = $"Data Source={Path.Combine(data.DataDirectory, $"events-kill-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-kill-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings__Audit"] = $"Data Source={Path.Combine(data.DataDirectory, $"audit-kill-{Guid.NewGuid():N}.db")}",
        };
        var issuer = new LocalIssuer(new LocalIssuerOptions(), data.DataDirectory, TimeProvider.System);
        var civil = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000002", "so-tu-phap");
        var police = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000001", "cong-an");
        var citizens = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 3 OFFSET 40");
        var ids = new List<string>();
        using (var hub = await HubProcess.StartAsync(data.DataDirectory, settings))
        {
            using var client = new HttpClient { BaseAddress = hub.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", civil);
            foreach (var personalId in citizens)
            {
                var body = JsonSerializer.Serialize(new { query = LifeEventTests.Publish, variables = new { input = new { kind = "BirthRegistered", personalId } } });
                using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
                ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["publishLifeEvent"]!["id"]!.GetValue<string>());
            }

            hub.Kill();
        }

        using var restarted = await HubProcess.StartAsync(data.DataDirectory, settings);
        using var reader = new HttpClient { BaseAddress = restarted.BaseAddress };
        var delivered = await EventStreamClient.ReadAsync(reader, police, "residence-registration",
            "subscription { lifeEvents { id personalId } }", null, count: 3);

        Assert.Equal(ids, delivered.Select(e => e.Data!["data"]!["lifeEvents"]!["id"]!.GetValue<string>()));
        Assert.Equal(citizens, delivered.Select(e => e.Data!["data"]!["lifeEvents"]!["personalId"]!.GetValue<string>()));
    }
}
