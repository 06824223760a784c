using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Connectors;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataHub.Tests.Statistics;

/// <summary>
/// Figures the department services count themselves: the civil registry's GraphQL service and Social Security's
/// REST API, reached over real HTTP, one call per figure, checked against direct SQL over their own databases.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RemoteStatisticsTests(DemoDataFixture data, StatisticsHubs hubs) : IClassFixture<StatisticsHubs>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Births_and_deaths_per_month_are_counted_by_the_civil_registry_and_equal_direct_sql_on_its_database()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var since = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2).ToString("yyyy-MM-dd");
        var before = await DepartmentServices.RequestsAtAsync(hubs.Departments(data.DataDirectory).CivilRegistrationUrl);

        var response = await hub.PostAsync(
            "query($since: Date) { statistics { " +
            "birthRegistrations(where: { dateOfBirth: { gt: $since } }, groupBy: [BIRTH_MONTH, SEX]) { cells { keys count } total { count } } " +
            "deathRegistrations(groupBy: [DEATH_MONTH]) { cells { keys count } } } }",
            new { since });

        Assert.Empty(response.Errors);
        var births = Department("civil-registration.db",
            $"SELECT substr(date_of_birth, 1, 7) || '|' || sex || '|' || count(*) FROM birth_registrations WHERE date_of_birth > '{since}' GROUP BY substr(date_of_birth, 1, 7), sex");
        var deaths = Department("civil-registration.db", "SELECT substr(date_of_death, 1, 7) || '|' || count(*) FROM death_registrations GROUP BY substr(date_of_death, 1, 7)");
        Assert.NotEmpty(births);
        Assert.Equal(births.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["birthRegistrations"]!).Order(StringComparer.Ordinal));
        Assert.Equal(deaths.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["deathRegistrations"]!).Order(StringComparer.Ordinal));
        Assert.Equal(2, response.SourceCalls("civil-registration"));
        Assert.Equal(before + 2, await DepartmentServices.RequestsAtAsync(hubs.Departments(data.DataDirectory).CivilRegistrationUrl));
    }

    [Fact]
    public async Task Insurance_cards_by_beneficiary_group_are_counted_by_social_security_in_one_call_and_equal_direct_sql()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var service = hubs.Departments(data.DataDirectory).HealthInsuranceUrl;
        var before = await DepartmentServices.RequestsByPathAtAsync(service);

        var response = await hub.PostAsync(
            "{ statistics { insuranceCards(where: { benefitLevel: { in: [1, 2] } }, groupBy: [BENEFICIARY_GROUP, STATE_FUNDED]) { cells { keys count } } } }");

        Assert.Empty(response.Errors);
        var expected = Department("health-insurance.db",
            "SELECT CASE beneficiary_group WHEN 'TE' THEN 'CHILD_UNDER_6' WHEN 'HS' THEN 'STUDENT' WHEN 'DN' THEN 'EMPLOYEE' WHEN 'HT' THEN 'PENSIONER' " +
            "WHEN 'BT' THEN 'SOCIAL_PROTECTION' ELSE 'HOUSEHOLD' END || '|' || CASE state_funded WHEN 1 THEN 'true' ELSE 'false' END || '|' || count(*) " +
            "FROM insurance_cards WHERE benefit_level IN (1, 2) GROUP BY beneficiary_group, state_funded");
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["insuranceCards"]!).Order(StringComparer.Ordinal));
        var after = await DepartmentServices.RequestsByPathAtAsync(service);
        Assert.Equal(before.GetValueOrDefault("/aggregates/cards") + 1, after.GetValueOrDefault("/aggregates/cards"));
        Assert.Equal(before.GetValueOrDefault("/cards"), after.GetValueOrDefault("/cards")); // no record was fetched
    }

    [Fact]
    public async Task The_ioc_gets_the_remote_forms_protected_like_the_sql_figures()
    {
        var hub = hubs.Protected(data.DataDirectory);
        using var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", hub.DepartmentToken("ioc"));

        foreach (var form in new[] { "births-registered-per-month", "deaths-registered-per-month", "insurance-cards-by-group" })
        {
            var response = await client.GetAsync($"/ioc/forms/{form}.json");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{form}: {body}");
            var table = JsonNode.Parse(body)!["table"]!;
            Assert.True(table["perturbed"]!.GetValue<bool>(), form);
            Assert.Equal(10, table["minimumCount"]!.GetValue<int>());
            Assert.All(table["cells"]!.AsArray(), c => Assert.True(c!["count"] is null || c["count"]!.GetValue<long>() >= 8, $"{form}: a published cell below k"));
        }
    }

    [Fact]
    public async Task A_dimension_the_service_does_not_know_is_its_400_with_a_code()
    {
        var departments = hubs.Departments(data.DataDirectory);

        using var rest = await Http.PostAsJsonAsync(new Uri(departments.HealthInsuranceUrl, "/aggregates/cards"), new { groupBy = new[] { "maDinhDanh" } });
        using var graphql = await Http.PostAsJsonAsync(departments.CivilRegistrationUrl,
            new { query = "{ birthRegistrationCounts(groupBy: [\"childFullName\"]) { keys count } }" });

        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Equal("UNKNOWN_DIMENSION", JsonNode.Parse(await rest.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, graphql.StatusCode);
        Assert.Equal("UNKNOWN_DIMENSION", JsonNode.Parse(await graphql.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("birthRegistrations(where: { childFullName: { eq: \"Nguyễn Văn An\" } })")] // a field the registry does not count by
    [InlineData("birthRegistrations(where: { or: [{ sex: { eq: \"MALE\" } }, { sex: { eq: \"FEMALE\" } }] })")] // a shape it cannot take
    public async Task A_filter_a_service_will_not_count_is_a_clear_error_in_the_hub(string figure)
    {
        var hub = hubs.Exact(data.DataDirectory);

        var response = await hub.PostAsync($"{{ statistics {{ {figure} {{ total {{ count }} }} }} }}");

        Assert.Equal(["AGGREGATE_REFUSED"], response.ErrorCodes);
        Assert.Contains("civil-registration", response.Errors[0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Under_6_card_coverage_per_commune_equals_direct_sql_over_both_databases_and_no_key_leaves()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var service = hubs.Departments(data.DataDirectory).HealthInsuranceUrl;
        var before = await DepartmentServices.RequestsByPathAtAsync(service);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var children = data.Column("population",
            "SELECT c.personal_id || '|' || coalesce(h.commune, '') FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id " +
            $"WHERE c.date_of_birth > '{today.AddYears(-6):yyyy-MM-dd}'").Select(l => l.Split('|')).ToList();
        var iso = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var carded = Department("health-insurance.db",
            $"SELECT holder_personal_id FROM insurance_cards WHERE valid_from <= '{iso}' AND (valid_to IS NULL OR valid_to >= '{iso}')").ToHashSet();
        var expected = children.GroupBy(c => (Commune: c[1], HasCard: carded.Contains(c[0])))
            .Select(g => $"{g.Key.Commune}|{(g.Key.HasCard ? "true" : "false")}|{g.Count()}").Order(StringComparer.Ordinal).ToList();

        var response = await hub.PostAsync("{ statistics { under6CardCoverage(groupBy: [COMMUNE, HAS_VALID_CARD]) { cells { keys count } total { count } } } }");

        Assert.Empty(response.Errors);
        Assert.Contains(expected, e => e.Contains("|true|", StringComparison.Ordinal));
        Assert.Equal(expected, Cells(response.Data!["statistics"]!["under6CardCoverage"]!).Order(StringComparer.Ordinal));
        Assert.Equal(children.Count, response.Data!["statistics"]!["under6CardCoverage"]!["total"]!["count"]!.GetValue<long>());
        var after = await DepartmentServices.RequestsByPathAtAsync(service);
        Assert.True(after.GetValueOrDefault("/cards/count") > before.GetValueOrDefault("/cards/count"), "the counts come from Social Security");
        Assert.Equal(before.GetValueOrDefault("/cards"), after.GetValueOrDefault("/cards")); // no card was fetched
        await AssertNoKeyAsync(hub, response.Body, children.Select(c => c[0]));
    }

    [Fact]
    public async Task A_where_naming_children_keys_gets_only_counts_back_and_the_ioc_may_not_filter_by_key()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var keys = data.Column("population", $"SELECT personal_id FROM citizens WHERE date_of_birth > '{today.AddYears(-6):yyyy-MM-dd}' ORDER BY personal_id LIMIT 3");

        var tampered = await hub.PostAsync(
            "query($keys: [ID]) { statistics { under6CardCoverage(where: { personalId: { in: $keys } }, groupBy: [COMMUNE, HAS_VALID_CARD]) { cells { keys count } } } }",
            new { keys });
        var ioc = await hub.PostAsync(
            "query($keys: [ID]) { statistics { under6CardCoverage(where: { personalId: { in: $keys } }, groupBy: [COMMUNE]) { cells { keys count } } } }",
            new { keys }, token: hub.DepartmentToken("ioc"), purpose: "ioc-reporting");

        Assert.Empty(tampered.Errors);
        Assert.Equal(3, tampered.Data!["statistics"]!["under6CardCoverage"]!["cells"]!.AsArray().Sum(c => c!["count"]!.GetValue<long>()));
        Assert.All(tampered.Data!["statistics"]!["under6CardCoverage"]!["cells"]!.AsArray(),
            c => Assert.DoesNotContain(c!["keys"]!.AsArray(), k => keys.Contains(k?.GetValue<string>() ?? "")));
        await AssertNoKeyAsync(hub, tampered.Body, keys);
        Assert.Equal(["FIELD_NOT_GRANTED"], ioc.ErrorCodes);
        Assert.DoesNotContain(keys, k => ioc.Body.Contains(k, StringComparison.Ordinal));
    }

    // Neither the answer nor the request's audit entry holds any of the keys.
    private static async Task AssertNoKeyAsync(HubFactory hub, string body, IEnumerable<string> keys)
    {
        var entry = System.Text.Json.JsonSerializer.Serialize(await hub.LastAuditEntryAsync());
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key, body, StringComparison.Ordinal);
            Assert.DoesNotContain(key, entry, StringComparison.Ordinal);
        }
    }

    private List<string> Department(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data.DataDirectory, "departments", file)};Mode=ReadOnly;Pooling=False");
        return DirectSql.Column(connection, sql);
    }

    private static List<string> Cells(JsonNode table) =>
        table["cells"]!.AsArray().Select(c => string.Join("|", c!["keys"]!.AsArray().Select(k => k?.GetValue<string>() ?? "")) + "|" + c["count"]).ToList();
}
