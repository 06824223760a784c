using System.Net;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace DataHub.Tests.Connectors;

/// <summary>
/// The civil registration (GraphQL) and health insurance (REST) services stitched into Citizen, over real HTTP: the
/// services run on loopback ports, the hub reaches them like any remote department.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RemoteSourcesTests(DemoDataFixture data) : IAsyncLifetime
{
    private DepartmentServices _departments = null!;
    private HubFactory _hub = null!;

    public async Task InitializeAsync()
    {
        _departments = await DepartmentServices.StartAsync(data.DataDirectory);
        _hub = new HubFactory(data.DataDirectory, _departments.HubSettings());
    }

    public async Task DisposeAsync()
    {
        _hub.Dispose();
        await _departments.DisposeAsync();
    }

    [Fact]
    public async Task One_citizen_reads_fields_from_all_five_sources_in_one_query()
    {
        var personalId = data.Column("population",
            "SELECT personal_id FROM citizens WHERE spouse_personal_id IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id LIMIT 1")[0];

        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { fullName birthRegistrationPlace " +
            "birthRegistration { childPersonalId place registeredOn } deathRegistration { dateOfDeath } " +
            "marriages { registrationNumber husband { personalId } wife { personalId } } " +
            "insuranceCard { cardNumber holderPersonalId validFrom } landRights { rightId } benefitCases { caseId } } }",
            new { id = personalId });

        Assert.Empty(response.Errors);
        var citizen = response.Data!["citizen"]!;
        Assert.Equal(personalId, citizen["birthRegistration"]!["childPersonalId"]!.GetValue<string>());
        Assert.Equal(citizen["birthRegistrationPlace"]!.GetValue<string>(), citizen["birthRegistration"]!["place"]!.GetValue<string>());
        Assert.Null(citizen["deathRegistration"]);
        var marriage = Assert.Single(citizen["marriages"]!.AsArray());
        Assert.Contains(personalId, new[] { marriage!["husband"]!["personalId"]!.GetValue<string>(), marriage["wife"]!["personalId"]!.GetValue<string>() });
        foreach (var source in new[] { "population", "civil-registration", "land", "social-welfare" })
        {
            Assert.True(response.SourceCalls(source) >= 1, $"{source} was not called");
        }
    }

    [Fact]
    public async Task A_citizen_from_five_sources_and_the_requests_it_caused_at_the_services_match_the_snapshot()
    {
        var personalId = data.Column("population",
            "SELECT personal_id FROM citizens WHERE spouse_personal_id IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id LIMIT 1")[0];
        _ = _hub.Services;
        var civilBefore = await DepartmentServices.RequestsByPathAtAsync(_departments.CivilRegistrationUrl);
        var healthBefore = await DepartmentServices.RequestsByPathAtAsync(_departments.HealthInsuranceUrl);

        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { personalId fullName household { address } " +
            "birthRegistration { registrationNumber fatherPersonalId motherPersonalId place registeredOn } deathRegistration { registrationNumber } " +
            "marriages { registrationNumber place registeredOn husband { fullName } wife { fullName } } " +
            "insuranceCard { cardNumber beneficiaryGroup benefitLevel stateFunded validFrom validTo registeredHospital } " +
            "landRights { certificateNumber } benefitCases { benefitType status } } }",
            new { id = personalId });

        var requests = new
        {
            civilRegistration = Delta(civilBefore, await DepartmentServices.RequestsByPathAtAsync(_departments.CivilRegistrationUrl)),
            healthInsurance = Delta(healthBefore, await DepartmentServices.RequestsByPathAtAsync(_departments.HealthInsuranceUrl)),
        };
        // A SQL source's data time is its file's last write: when the test seeded it.
        Snapshot.Match(new { result = response.Json.ForSnapshot(), requests }, o => o.IgnoreAllFields("dataAsOf").IgnoreAllFields("ageSeconds"));
    }

    [Fact]
    public async Task A_hundred_citizens_with_birth_registration_and_insurance_card_cost_one_request_at_each_service()
    {
        _ = _hub.Services; // start-up (and its schema check) is not part of the count
        var civilBefore = await DepartmentServices.RequestsAtAsync(_departments.CivilRegistrationUrl);
        var healthBefore = await DepartmentServices.RequestsAtAsync(_departments.HealthInsuranceUrl);

        var response = await _hub.PostAsync(
            "{ citizens(first: 100) { nodes { personalId birthRegistration { registrationNumber place } insuranceCard { cardNumber validTo } } } }");

        Assert.Empty(response.Errors);
        var nodes = response.Data!["citizens"]!["nodes"]!.AsArray();
        Assert.Equal(100, nodes.Count);
        Assert.All(nodes, n => Assert.NotNull(n!["birthRegistration"]));
        Assert.Contains(nodes, n => n!["insuranceCard"] is not null);
        Assert.Equal(1, await DepartmentServices.RequestsAtAsync(_departments.CivilRegistrationUrl) - civilBefore);
        Assert.Equal(1, await DepartmentServices.RequestsAtAsync(_departments.HealthInsuranceUrl) - healthBefore);
        Assert.Equal(1, response.SourceCalls("civil-registration"));
        Assert.Equal(1, response.SourceCalls("health-insurance"));
    }

    [Fact]
    public async Task Every_living_child_under_six_holds_a_valid_free_insurance_card()
    {
        var response = await _hub.PostAsync(
            "{ citizens(first: 100, where: { dateOfBirth: { gt: \"2020-11-01\" } }) { nodes { personalId dateOfBirth dateOfDeath " +
            "insuranceCard { beneficiaryGroup stateFunded benefitLevel validFrom validTo } } } }");

        Assert.Empty(response.Errors);
        var children = response.Data!["citizens"]!["nodes"]!.AsArray().Where(n => n!["dateOfDeath"] is null).ToList();
        Assert.NotEmpty(children);
        Assert.All(children, child =>
        {
            var card = child!["insuranceCard"];
            Assert.NotNull(card);
            Assert.Equal("CHILD_UNDER_6", card["beneficiaryGroup"]!.GetValue<string>());
            Assert.True(card["stateFunded"]!.GetValue<bool>());
            Assert.Equal(child["dateOfBirth"]!.GetValue<string>(), card["validFrom"]!.GetValue<string>());
            Assert.True(string.CompareOrdinal(card["validTo"]!.GetValue<string>(), "2026-11-01") >= 0, "the card is valid on the demo's today");
        });
    }

    [Fact]
    public async Task Every_dead_citizen_has_a_death_registration_with_the_population_date_of_death()
    {
        var ids = data.Column("population", "SELECT personal_id FROM citizens WHERE date_of_death IS NOT NULL ORDER BY personal_id LIMIT 50");

        var response = await _hub.PostAsync(
            "query($ids: [ID!]) { citizens(first: 50, where: { personalId: { in: $ids } }) { nodes { personalId dateOfDeath " +
            "deathRegistration { personalId dateOfDeath registeredOn } } } }",
            new { ids });

        Assert.Empty(response.Errors);
        var nodes = response.Data!["citizens"]!["nodes"]!.AsArray();
        Assert.Equal(ids.Count, nodes.Count);
        Assert.All(nodes, n =>
        {
            var registration = n!["deathRegistration"]!;
            Assert.Equal(n["personalId"]!.GetValue<string>(), registration["personalId"]!.GetValue<string>());
            Assert.Equal(n["dateOfDeath"]!.GetValue<string>(), registration["dateOfDeath"]!.GetValue<string>());
            Assert.True(string.CompareOrdinal(registration["registeredOn"]!.GetValue<string>(), n["dateOfDeath"]!.GetValue<string>()) >= 0);
        });
    }

    [Fact]
    public async Task A_marriage_names_both_spouses_and_they_resolve_through_population()
    {
        var couple = data.Column("population",
            "SELECT personal_id || ',' || spouse_personal_id FROM citizens WHERE sex = 'MALE' AND spouse_personal_id IS NOT NULL ORDER BY personal_id LIMIT 1")[0]
            .Split(',');

        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { fullName spouse { fullName } marriages { registrationNumber registeredOn " +
            "husband { fullName } wife { personalId fullName } } } }",
            new { id = couple[0] });

        Assert.Empty(response.Errors);
        var citizen = response.Data!["citizen"]!;
        var marriage = Assert.Single(citizen["marriages"]!.AsArray())!;
        Assert.Equal(citizen["fullName"]!.GetValue<string>(), marriage["husband"]!["fullName"]!.GetValue<string>());
        Assert.Equal(couple[1], marriage["wife"]!["personalId"]!.GetValue<string>());
        Assert.Equal(citizen["spouse"]!["fullName"]!.GetValue<string>(), marriage["wife"]!["fullName"]!.GetValue<string>());

        var byNumber = await _hub.PostAsync(
            "query($n: ID!) { marriageRegistration(registrationNumber: $n) { husband { personalId } } }",
            new { n = marriage["registrationNumber"]!.GetValue<string>() });
        Assert.Equal(couple[0], byNumber.Data!["marriageRegistration"]!["husband"]!["personalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_reports_every_source_healthy_and_the_remote_circuits_closed()
    {
        using var client = _hub.StewardClient();

        using var response = await client.GetAsync("/admin/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["civil-registration", "health-insurance", "land", "population", "social-welfare"], body["sources"]!.AsObject().Select(kv => kv.Key));
        Assert.All(body["sources"]!.AsObject(), kv => Assert.Equal("Healthy", kv.Value!["status"]!.GetValue<string>()));
        Assert.Equal("Closed", body["sources"]!["civil-registration"]!["circuit"]!.GetValue<string>());
        Assert.Equal("Closed", body["sources"]!["health-insurance"]!["circuit"]!.GetValue<string>());
    }

    private static SortedDictionary<string, int> Delta(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        new(after.Where(kv => kv.Value > before.GetValueOrDefault(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key)),
            StringComparer.Ordinal);

    [Fact]
    public async Task Keys_travel_to_a_remote_service_as_a_variable_never_as_query_text()
    {
        // A key that would break a string-built GraphQL document is looked up as a value, and simply not found.
        var response = await _hub.PostAsync(
            "query($n: ID!) { marriageRegistration(registrationNumber: $n) { registrationNumber } }",
            new { n = "KH\") { x } } # /cards?holderIds=1" });

        Assert.Empty(response.Errors);
        Assert.Null(response.Data!["marriageRegistration"]);
    }
}
