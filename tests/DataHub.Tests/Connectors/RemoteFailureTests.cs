using System.Net;
using System.Text.Json.Nodes;
using DataHub.Hub.Composition;
using DataHub.Hub.Hosting;
using DataHub.Hub.Sources;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Connectors;

/// <summary>
/// A remote source that is down, hangs, answers garbage or keeps failing costs only its own fields: they are null with
/// SOURCE_UNAVAILABLE naming the source, everything else is returned, and an open circuit keeps the hub fast.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RemoteFailureTests(DemoDataFixture data) : IAsyncLifetime
{
    private const string Query =
        "{ citizens(first: 5) { nodes { personalId fullName birthRegistration { registrationNumber } insuranceCard { cardNumber } } } }";

    private DepartmentServices _departments = null!;

    public async Task InitializeAsync() => _departments = await DepartmentServices.StartAsync(data.DataDirectory);

    public async Task DisposeAsync() => await _departments.DisposeAsync();

    [Fact]
    public async Task A_service_stopped_mid_test_nulls_only_its_fields_and_names_the_source()
    {
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings());
        var before = await hub.PostAsync(Query);
        Assert.Empty(before.Errors);

        await _departments.StopHealthInsuranceAsync();
        var after = await hub.PostAsync(Query);

        AssertOnlySourceFailed(after, "health-insurance", "insuranceCard", "birthRegistration");
    }

    [Fact]
    public async Task Independent_sources_at_one_level_are_called_at_the_same_time()
    {
        await using var civil = await FaultProxy.StartAsync(_departments.CivilRegistrationUrl);
        await using var health = await FaultProxy.StartAsync(_departments.HealthInsuranceUrl);
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings(
            ("Sources:civil-registration:Url", civil.Url.ToString()), ("Sources:health-insurance:Url", health.Url.ToString()),
            ("Sources:civil-registration:TimeoutSeconds", "3"), ("Sources:health-insurance:TimeoutSeconds", "3")));
        Assert.Empty((await hub.PostAsync("{ __typename }")).Errors); // start-up (the civil schema check) before the hold
        var personalId = data.Column(Path.Combine("departments", "health-insurance"), "SELECT holder_personal_id FROM insurance_cards ORDER BY holder_personal_id LIMIT 1")[0];

        // Each service answers only once the other has been asked. Called one after the other, the first would wait
        // for a call that never comes, time out and be null; called together, both answer.
        civil.HoldUntil = health.Arrived.Task;
        health.HoldUntil = civil.Arrived.Task;
        var response = await hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { birthRegistration { childPersonalId } insuranceCard { holderPersonalId } } }",
            new { id = personalId });

        Assert.Empty(response.Errors);
        Assert.Equal(personalId, response.Data!["citizen"]!["birthRegistration"]!["childPersonalId"]!.GetValue<string>());
        Assert.Equal(personalId, response.Data["citizen"]!["insuranceCard"]!["holderPersonalId"]!.GetValue<string>());
        Assert.Equal(1, response.SourceCalls("civil-registration"));
        Assert.Equal(1, response.SourceCalls("health-insurance"));
    }

    [Fact]
    public async Task A_hanging_service_times_out_and_only_its_fields_are_null()
    {
        await using var proxy = await FaultProxy.StartAsync(_departments.CivilRegistrationUrl);
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings(
            ("Sources:civil-registration:Url", proxy.Url.ToString()), ("Sources:civil-registration:TimeoutSeconds", "1")));
        _ = hub.Services;
        proxy.Mode = FaultMode.Hang;

        var response = await hub.PostAsync(Query);

        AssertOnlySourceFailed(response, "civil-registration", "birthRegistration", "insuranceCard");
    }

    [Theory]
    [InlineData("civil-registration", FaultMode.NotJson, "")]
    [InlineData("civil-registration", FaultMode.WrongShape, "{\"data\":{\"birthRegistration\":\"not a list\"}}")]
    [InlineData("civil-registration", FaultMode.WrongShape, "{\"data\":{\"birthRegistration\":[{\"dhParent0\":\"x\",\"registeredOn\":\"yesterday\"}]}}")]
    [InlineData("civil-registration", FaultMode.WrongShape, "{\"errors\":[{\"message\":\"boom\"}]}")]
    [InlineData("health-insurance", FaultMode.NotJson, "")]
    [InlineData("health-insurance", FaultMode.WrongShape, "{\"cards\":\"none\"}")]
    [InlineData("health-insurance", FaultMode.WrongShape, "{\"cards\":[{\"maThe\":42}]}")]
    public async Task A_garbage_answer_is_source_unavailable_not_a_crash(string source, FaultMode mode, string body)
    {
        var target = source == "civil-registration" ? _departments.CivilRegistrationUrl : _departments.HealthInsuranceUrl;
        await using var proxy = await FaultProxy.StartAsync(target);
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings(($"Sources:{source}:Url", proxy.Url.ToString())));
        _ = hub.Services;
        proxy.Mode = mode;
        proxy.Body = body;

        var response = await hub.PostAsync(Query);

        var (failed, other) = source == "civil-registration" ? ("birthRegistration", "insuranceCard") : ("insuranceCard", "birthRegistration");
        AssertOnlySourceFailed(response, source, failed, other);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_so_later_calls_fail_at_once_without_reaching_the_service()
    {
        await using var proxy = await FaultProxy.StartAsync(_departments.HealthInsuranceUrl);
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings(
            ("Sources:health-insurance:Url", proxy.Url.ToString()),
            ("Sources:health-insurance:FailuresBeforeBreak", "2"),
            ("Sources:health-insurance:BreakSeconds", "300"),
            ("Sources:health-insurance:MinBreakSeconds", "300")));
        proxy.Mode = FaultMode.ServerError;

        var responses = new List<GraphQLResponse>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await hub.PostAsync(Query));
        }

        Assert.All(responses, r => AssertOnlySourceFailed(r, "health-insurance", "insuranceCard", "birthRegistration"));
        Assert.Equal(2, proxy.Requests);

        using var client = hub.StewardClient();
        using var health = await client.GetAsync("/admin/health");
        var body = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded: the hub answers, that source's fields are null
        Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", body["sources"]!["health-insurance"]!["status"]!.GetValue<string>());
        Assert.Equal("Open", body["sources"]!["health-insurance"]!["circuit"]!.GetValue<string>());
        Assert.Equal("Healthy", body["sources"]!["civil-registration"]!["status"]!.GetValue<string>());
        Assert.Equal("Closed", body["sources"]!["civil-registration"]!["circuit"]!.GetValue<string>()); // a pipeline per source
        Assert.Equal(2, proxy.Requests);
    }

    [Fact]
    public async Task An_open_circuit_lets_a_call_through_again_and_closes_once_the_service_answers()
    {
        await using var proxy = await FaultProxy.StartAsync(_departments.HealthInsuranceUrl);
        using var hub = new HubFactory(data.DataDirectory, _departments.HubSettings(
            ("Sources:health-insurance:Url", proxy.Url.ToString()),
            ("Sources:health-insurance:FailuresBeforeBreak", "2"),
            ("Sources:health-insurance:BreakSeconds", "0.5"),
            ("Sources:health-insurance:MinBreakSeconds", "0.5")));
        proxy.Mode = FaultMode.ServerError;
        await hub.PostAsync(Query);
        await hub.PostAsync(Query);
        var opened = proxy.Requests;

        proxy.Mode = FaultMode.PassThrough;
        GraphQLResponse response;
        var attempts = 0;
        do
        {
            // Waits for the break to end (half-open); how long it takes is not what this test checks.
            await Task.Delay(200);
            response = await hub.PostAsync(Query);
        }
        while (response.Errors.Count > 0 && ++attempts < 100);

        Assert.Equal(2, opened);
        Assert.Empty(response.Errors);
        Assert.All(response.Data!["citizens"]!["nodes"]!.AsArray(), n => Assert.NotNull(n!["birthRegistration"]));
    }

    [Fact]
    public void A_remote_schema_that_matches_its_source_schema_composes()
    {
        var catalog = Load(_departments.CivilRegistrationUrl, _departments.HealthInsuranceUrl);

        var citizen = catalog.Composite.GetType("Citizen");
        Assert.Equal("civil-registration", citizen.FindField("birthRegistration")!.OwnerSource);
        Assert.Equal(FieldKind.Embedded, citizen.FindField("birthRegistration")!.Kind);
        Assert.Equal(FieldKind.EntityList, citizen.FindField("marriages")!.Kind);
        Assert.Equal("health-insurance", citizen.FindField("insuranceCard")!.OwnerSource);
        Assert.Contains("civil-registration", citizen.LookupSources);
        Assert.Equal(FieldKind.Reference, catalog.Composite.GetType("MarriageRegistration").FindField("husband")!.Kind);
    }

    [Fact]
    public async Task A_remote_schema_that_changed_incompatibly_is_a_composition_error_naming_the_file_and_line()
    {
        await using var proxy = await FaultProxy.StartAsync(_departments.CivilRegistrationUrl);
        proxy.Rewrite = body => RenameRemoteField(body, "BirthRegistration", "place", "placeOfBirth");

        var exception = Assert.Throws<CompositionException>(() => Load(proxy.Url, _departments.HealthInsuranceUrl));

        var error = Assert.Single(exception.Errors);
        Assert.Equal("REMOTE_SCHEMA_MISMATCH", error.Code);
        Assert.Equal("schema/civil-registration.graphql", error.File);
        Assert.Equal(LineOf("civil-registration.graphql", "  place: String!", after: "type BirthRegistration"), error.Line);
        Assert.Contains("'BirthRegistration.place' is no longer served", error.Message);
    }

    [Fact]
    public async Task A_remote_batch_query_that_changed_its_argument_is_a_composition_error_naming_the_mapping()
    {
        await using var proxy = await FaultProxy.StartAsync(_departments.CivilRegistrationUrl);
        proxy.Rewrite = body => RenameRemoteField(body, "Query", "birthRegistrationsByChildIds", "birthRegistrationsByChildren");

        var exception = Assert.Throws<CompositionException>(() => Load(proxy.Url, _departments.HealthInsuranceUrl));

        Assert.Contains(exception.Errors, e => e.File == "schema/civil-registration.mapping.json" && e.Message.Contains("birthRegistrationsByChildIds"));
    }

    [Fact]
    public async Task A_remote_that_does_not_answer_at_start_up_does_not_stop_the_hub()
    {
        await _departments.StopCivilRegistrationAsync();

        var catalog = Load(_departments.CivilRegistrationUrl, _departments.HealthInsuranceUrl);
        var health = await catalog.Connectors["civil-registration"].CheckHealthAsync(CancellationToken.None);

        Assert.False(health.IsHealthy);
        Assert.Equal("Closed", health.Circuit);
    }

    private SourceCatalog Load(Uri civilRegistration, Uri healthInsurance) =>
        SourceCatalog.Load(SchemaFolder.RepositorySchemaDirectory, source => new SourceConnectionOptions
        {
            ConnectionString = $"Data Source={Path.Combine(data.DataDirectory, source + ".db")};Mode=ReadOnly",
            Url = source switch { "civil-registration" => civilRegistration.ToString(), "health-insurance" => healthInsurance.ToString(), _ => null },
            TimeoutSeconds = 5,
        });

    private static void AssertOnlySourceFailed(GraphQLResponse response, string source, string failedField, string otherField)
    {
        Assert.Equal(200, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.All(response.ErrorCodes, code => Assert.Equal("SOURCE_UNAVAILABLE", code));
        Assert.All(response.Errors, e => Assert.Contains($"'{source}'", e!["message"]!.GetValue<string>()));
        var nodes = response.Data!["citizens"]!["nodes"]!.AsArray();
        Assert.Equal(5, nodes.Count);
        Assert.All(nodes, n =>
        {
            Assert.False(string.IsNullOrEmpty(n!["fullName"]!.GetValue<string>()));
            Assert.Null(n[failedField]);
        });

        // Everyone has a birth registration; most (not all) citizens hold an insurance card.
        if (otherField == "birthRegistration")
        {
            Assert.All(nodes, n => Assert.NotNull(n!["birthRegistration"]));
        }
        else
        {
            Assert.Contains(nodes, n => n![otherField] is not null);
        }

        Assert.DoesNotContain("Exception", response.Body);
    }

    private static string RenameRemoteField(string body, string typeName, string field, string newName)
    {
        var json = JsonNode.Parse(body)!;
        var types = json["data"]?["__schema"]?["types"]?.AsArray();
        var fieldNode = types?.FirstOrDefault(t => t!["name"]!.GetValue<string>() == typeName)?["fields"]?.AsArray()
            .FirstOrDefault(f => f!["name"]!.GetValue<string>() == field);
        if (fieldNode is null)
        {
            return body; // not an introspection answer
        }

        fieldNode["name"] = newName;
        return json.ToJsonString();
    }

    private static int LineOf(string file, string text, string after)
    {
        var lines = File.ReadAllLines(Path.Combine(SchemaFolder.RepositorySchemaDirectory, file));
        var start = Array.FindIndex(lines, l => l.StartsWith(after, StringComparison.Ordinal));
        return Array.FindIndex(lines, start, l => l == text) + 1;
    }
}
