using System.Text.Json.Nodes;
using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Events;

/// <summary>Life events in process: publishing, the policy on who publishes and receives, history and delivery over SSE.</summary>
[Collection(HubCollection.Name)]
public sealed class LifeEventTests(DemoDataFixture data) : IDisposable
{
    internal const string Publish = """
        mutation($input: PublishLifeEventInput!) { publishLifeEvent(input: $input) { id cursor kind publishedBy personalId } }
        """;

    private readonly HubFactory _hub = new(data.DataDirectory, new Dictionary<string, string?>
    {
        ["ConnectionStrings:Events"] = $"Data Source={Path.Combine(data.DataDirectory, $"events-{Guid.NewGuid():N}.db")};Pooling=False",
    });

    private string Child => data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1 OFFSET 7")[0];

    [Fact]
    public async Task A_published_event_is_stored_once_per_id_and_listed_for_the_department_that_receives_it()
    {
        var id = Guid.NewGuid();
        var input = new { id, kind = "BirthRegistered", personalId = Child, registrationNumber = "KS-2026-000001" };
        var first = await _hub.PostAsync(Publish, new { input }, token: _hub.DepartmentToken("so-tu-phap"));
        var again = await _hub.PostAsync(Publish, new { input }, token: _hub.DepartmentToken("so-tu-phap"));

        Assert.Empty(first.Errors);
        Assert.Equal(first.Data!["publishLifeEvent"]!.ToJsonString(), again.Data!["publishLifeEvent"]!.ToJsonString());
        var listed = await _hub.PostAsync("{ lifeEvents(first: 10) { nodes { id kind personalId } hasNextPage endCursor } }",
            token: _hub.DepartmentToken("cong-an"), purpose: "residence-registration");
        var nodes = listed.Data!["lifeEvents"]!["nodes"]!.AsArray();
        Assert.Equal([id.ToString()], nodes.Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal(first.Data["publishLifeEvent"]!["cursor"]!.GetValue<string>(), listed.Data["lifeEvents"]!["endCursor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_department_that_may_not_publish_a_kind_is_refused_with_a_code_and_nothing_is_stored()
    {
        var refused = await _hub.PostAsync(Publish, new { input = new { kind = "BirthRegistered", personalId = Child } }, token: _hub.DepartmentToken("bhxh"));
        var unknown = await _hub.PostAsync(Publish, new { input = new { kind = "Invented", personalId = Child } }, token: _hub.DepartmentToken("so-tu-phap"));

        Assert.Equal(["EVENT_NOT_ALLOWED"], refused.ErrorCodes);
        Assert.Equal(["UNKNOWN_EVENT_KIND"], unknown.ErrorCodes);
        var history = await _hub.PostAsync("{ lifeEvents(first: 10) { nodes { id } } }");
        Assert.Empty(history.Data!["lifeEvents"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task A_department_receives_over_SSE_only_the_kinds_its_purpose_allows_in_order_and_resumes_after_Last_Event_ID()
    {
        var civil = _hub.DepartmentToken("so-tu-phap");
        var cursors = new List<string>();
        foreach (var kind in new[] { "BirthRegistered", "DeathRegistered", "BirthRegistered" })
        {
            var published = await _hub.PostAsync(Publish, new { input = new { kind, personalId = Child } }, token: civil);
            cursors.Add(published.Data!["publishLifeEvent"]!["cursor"]!.GetValue<string>());
        }

        using var client = _hub.CreateClient();
        const string Subscription = "subscription { lifeEvents { cursor kind citizen { personalId fullName } } }";
        var all = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration", Subscription, null, count: 2);
        var resumed = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration", Subscription, null, count: 1,
            lastEventId: cursors[0]);

        Assert.Equal([cursors[0], cursors[2]], all.Select(e => e.Id));
        Assert.All(all, e => Assert.Equal("BirthRegistered", e.Data!["data"]!["lifeEvents"]!["kind"]!.GetValue<string>()));
        Assert.Equal(Child, all[0].Data!["data"]!["lifeEvents"]!["citizen"]!["personalId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(all[0].Data!["data"]!["lifeEvents"]!["citizen"]!["fullName"]!.GetValue<string>()));
        Assert.Equal([cursors[2]], resumed.Select(e => e.Id));
    }

    [Fact]
    public async Task A_subscription_that_selects_a_field_the_department_may_not_read_is_refused_when_opened()
    {
        using var client = _hub.CreateClient();
        var refused = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration",
            "subscription { lifeEvents { cursor citizen { fullName bloodType } } }", null, count: 2);

        Assert.Equal(["next", "complete"], refused.Select(e => e.Name));
        Assert.Equal(["FIELD_NOT_GRANTED"], Codes(refused[0].Data));
        Assert.Null(refused[0].Id);
    }

    [Fact]
    public async Task A_delivery_holds_the_fields_allowed_and_CONSENT_REQUIRED_where_the_citizen_did_not_consent()
    {
        await _hub.PostAsync(Publish, new { input = new { kind = "BirthRegistered", personalId = Child } }, token: _hub.DepartmentToken("so-tu-phap"));
        using var client = _hub.CreateClient();

        var delivered = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration",
            "subscription { lifeEvents { cursor citizen { fullName phoneNumber } } }", null, count: 1);

        var citizen = delivered.Single().Data!["data"]!["lifeEvents"]!["citizen"]!;
        Assert.False(string.IsNullOrEmpty(citizen["fullName"]!.GetValue<string>()));
        Assert.Null(citizen["phoneNumber"]);
        Assert.Equal(["CONSENT_REQUIRED"], Codes(delivered[0].Data));
    }

    [Fact]
    public async Task A_subscription_for_kinds_the_purpose_does_not_receive_is_refused_with_EVENT_NOT_ALLOWED()
    {
        using var client = _hub.CreateClient();
        var refused = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration",
            "subscription { lifeEvents(kinds: [\"DeathRegistered\"]) { cursor } }", null, count: 2);

        Assert.Equal(["EVENT_NOT_ALLOWED"], Codes(refused[0].Data));
    }

    [Fact]
    public async Task Every_delivery_is_audited_as_a_read_about_the_citizen_the_event_names()
    {
        await _hub.PostAsync(Publish, new { input = new { kind = "BirthRegistered", personalId = Child } }, token: _hub.DepartmentToken("so-tu-phap"));
        using var client = _hub.CreateClient();

        var delivered = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration",
            "subscription { lifeEvents { cursor citizen { fullName } } }", null, count: 1);

        var entry = await _hub.LastAuditEntryAsync();
        Assert.Single(delivered);
        Assert.Equal("cong-an", entry.Principal);
        Assert.Contains("Citizen.fullName", entry.Fields, StringComparison.Ordinal);
        Assert.Contains(Child, entry.Citizens, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_steward_revokes_and_allows_a_receiver_through_the_admin_API_and_the_next_subscription_follows()
    {
        var kinds = (await _hub.AdminAsync("{ eventKinds { code publishers receivers { id department purpose } } }")).Ok();
        var birth = kinds["eventKinds"]!.AsArray().Single(k => k!["code"]!.GetValue<string>() == "BirthRegistered")!;
        var receiver = birth["receivers"]!.AsArray().Single(r => r!["department"]!.GetValue<string>() == "cong-an")!["id"]!.GetValue<int>();
        using var client = _hub.CreateClient();
        const string Subscription = "subscription { lifeEvents { cursor } }";

        (await _hub.AdminAsync("mutation($id: Int!) { revokeEventReceiver(id: $id, reason: \"test\") { revokedAt } }", new { id = receiver })).Ok();
        var refused = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration", Subscription, null, count: 2);
        (await _hub.AdminAsync(
            "mutation { allowEventReceiver(kind: \"BirthRegistered\", department: \"cong-an\", purpose: \"residence-registration\", reason: \"test\") { id } }")).Ok();
        await _hub.PostAsync(Publish, new { input = new { kind = "BirthRegistered", personalId = Child } }, token: _hub.DepartmentToken("so-tu-phap"));
        var allowed = await EventStreamClient.ReadAsync(client, _hub.DepartmentToken("cong-an"), "residence-registration", Subscription, null, count: 1);

        Assert.Equal(["so-tu-phap"], birth["publishers"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["EVENT_NOT_ALLOWED"], Codes(refused[0].Data));
        Assert.Equal("1", allowed.Single().Id);
    }

    internal static IEnumerable<string?> Codes(JsonNode? payload) =>
        (payload?["errors"] as JsonArray ?? []).Select(e => e?["extensions"]?["code"]?.GetValue<string>());

    public void Dispose() => _hub.Dispose();
}
