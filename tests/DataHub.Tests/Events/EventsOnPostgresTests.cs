using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Events;

/// <summary>Two hub instances on one PostgreSQL event store: published on one, received on the other, in order.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EventsOnPostgresTests(DemoDataFixture data, PostgresFixture postgres)
{
    [Fact]
    public async Task An_event_published_on_instance_a_reaches_a_subscriber_on_instance_b_in_order()
    {
        var (registry, audit) = (postgres.NewDatabase("registry"), postgres.NewDatabase("audit"));
        var settings = new Dictionary<string, string?>
        {
            ["Events:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Events"] = postgres.NewDatabase("events"),
        };
        using var a = HubFactory.OnPostgres(data.DataDirectory, postgres, registry, audit, settings: settings);
        using var b = HubFactory.OnPostgres(data.DataDirectory, postgres, registry, audit, settings: settings);
        var child = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1 OFFSET 30")[0];
        using var client = b.CreateClient();

        var receiving = EventStreamClient.ReadAsync(client, b.DepartmentToken("cong-an"), "residence-registration",
            "subscription { lifeEvents { cursor kind personalId } }", null, count: 3);
        var cursors = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var published = await a.PostAsync(LifeEventTests.Publish, new { input = new { kind = "BirthRegistered", personalId = child } },
                token: a.DepartmentToken("so-tu-phap"));
            cursors.Add(published.Data!["publishLifeEvent"]!["cursor"]!.GetValue<string>());
        }

        var received = await receiving;
        Assert.Equal(cursors, received.Select(e => e.Id));
        Assert.All(received, e => Assert.Equal(child, e.Data!["data"]!["lifeEvents"]!["personalId"]!.GetValue<string>()));
    }
}
