using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Pipeline;

/// <summary>
/// The attack corpus of the access decision: every way a value can reach a selection, a filter, a sort or a count —
/// inline, variable, variable default, nested input, list, directive — is decided on the operation as it executes,
/// before any source is read. Each case is a request an outside reviewer sent (or could have).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ExecutedOperationTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    /// <summary>way, department, purpose, operation, variables (JSON or empty).</summary>
    public static TheoryData<string, string, string, string, string> Attempts => new()
    {
        // so-tnmt has no grant on phoneNumber and no consent: the reviewer's digit-by-digit probe.
        { "variable default", "so-tnmt", "land-registration",
            "query Q($w: CitizenFilterInput = { phoneNumber: { startsWith: \"03\" } }) { citizens(first: 5, where: $w) { nodes { personalId } } }", "" },
        { "variable", "so-tnmt", "land-registration",
            "query Q($w: CitizenFilterInput) { citizens(first: 5, where: $w) { nodes { personalId } } }", """{"w":{"phoneNumber":{"startsWith":"03"}}}""" },
        { "variable nested in an input object", "so-tnmt", "land-registration",
            "query Q($p: String) { citizens(first: 5, where: { phoneNumber: { startsWith: $p } }) { nodes { personalId } } }", """{"p":"03"}""" },
        { "variable inside a list", "so-tnmt", "land-registration",
            "query Q($c: CitizenFilterInput!) { citizens(first: 5, where: { or: [{ sex: { eq: MALE } }, $c] }) { nodes { personalId } } }",
            """{"c":{"phoneNumber":{"startsWith":"03"}}}""" },
        { "list variable with a default", "so-tnmt", "land-registration",
            "query Q($cs: [CitizenFilterInput!] = [{ and: [{ email: { contains: \"@\" } }] }]) { citizens(first: 5, where: { and: $cs }) { nodes { personalId } } }", "" },
        { "order in a variable default", "so-y-te", "medical-treatment",
            "query Q($o: [CitizenSortInput!] = [{ occupation: ASC }]) { citizens(first: 5, order: $o) { nodes { personalId } } }", "" },
        { "a count with a filter in a variable", "so-y-te", "medical-treatment",
            "query Q($w: CitizenFilterInput) { citizens(first: 1, where: $w) { totalCount } }", """{"w":{"educationLevel":{"eq":"Đại học"}}}""" },
        { "@include on a variable default", "so-y-te", "medical-treatment",
            "query Q($show: Boolean = true) { citizens(first: 1) { nodes { fullName occupation @include(if: $show) } } }", "" },
        { "@skip on a variable", "so-y-te", "medical-treatment",
            "query Q($hide: Boolean!) { citizens(first: 1) { nodes { fullName ...Job @skip(if: $hide) } } } fragment Job on Citizen { occupation }",
            """{"hide":false}""" },
        { "existence and counts through a root field", "so-y-te", "medical-treatment", "{ landParcels(first: 1) { totalCount } }", "" },
        { "existence through a look-up", "so-y-te", "medical-treatment", "{ benefitCase(caseId: \"BC-000001\") { __typename } }", "" },
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task A_field_without_a_grant_is_refused_however_the_value_reaches_the_operation(
        string way, string department, string purpose, string operation, string variables)
    {
        _hub.SqlLog.Drain();

        var response = await _hub.PostAsync(operation, variables.Length == 0 ? null : JsonNode.Parse(variables),
            token: _hub.DepartmentToken(department), purpose: purpose);

        Assert.True(response.Status == 400 && response.ErrorCodes.Any() && response.ErrorCodes.All(c => c == "FIELD_NOT_GRANTED"), $"{way}: {response.Body}");
        Assert.Null(response.Data);
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_field_left_out_by_include_is_neither_refused_nor_read()
    {
        var response = await _hub.PostAsync(
            "query Q($show: Boolean = false) { citizens(first: 2) { nodes { fullName occupation @include(if: $show) } } }",
            token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Errors);
        Assert.All(response.Data!["citizens"]!["nodes"]!.AsArray(), node => Assert.False(node!.AsObject().ContainsKey("occupation")));
        Assert.DoesNotContain("Citizen.occupation", (await _hub.LastAuditEntryAsync()).Fields);
    }

    [Fact]
    public async Task A_consent_field_in_a_variable_default_filter_is_refused_even_with_a_grant()
    {
        // so-y-te may read phone numbers of consenting citizens, but a filter would probe everyone's.
        var response = await _hub.PostAsync(
            "query Q($w: CitizenFilterInput = { phoneNumber: { startsWith: \"09\" } }) { citizens(first: 5, where: $w) { nodes { personalId } } }",
            token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(["FIELD_NOT_GRANTED"], response.ErrorCodes);
        Assert.Contains("consent", response.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_entry_of_a_filtered_query_lists_the_filter_fields_and_the_citizens()
    {
        var occupation = data.Column("population", "SELECT occupation FROM citizens WHERE occupation IS NOT NULL GROUP BY occupation ORDER BY COUNT(*) DESC LIMIT 1")[0];

        var response = await _hub.PostAsync(
            "query Q($job: String) { citizens(first: 3, where: { occupation: { eq: $job } }, order: [{ dateOfBirth: DESC }]) { nodes { personalId fullName } } }",
            new { job = occupation }, token: _hub.DepartmentToken("cong-an"), purpose: "residence-registration");

        Assert.Equal(200, response.Status);
        var returned = response.Data!["citizens"]!["nodes"]!.AsArray().Select(n => n!["personalId"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        var entry = await _hub.LastAuditEntryAsync();
        Assert.Equal("Citizen.dateOfBirth,Citizen.fullName,Citizen.occupation,Citizen.personalId", entry.Fields);
        Assert.Equal(string.Join(",", returned), entry.Citizens);
        Assert.Equal("ok", entry.Outcome);
    }

    [Fact]
    public async Task The_audit_entry_names_the_steward_who_acted()
    {
        await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }");

        var entry = await _hub.LastAuditEntryAsync();
        Assert.Equal("steward", entry.PrincipalKind);
        Assert.Equal("steward:test-steward", entry.Principal);
    }

    [Fact]
    public async Task A_citizen_cannot_reach_their_own_record_through_a_variable_default_of_someone_else()
    {
        var ids = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 2");

        var response = await _hub.PostAsync($"query Q($id: ID! = \"{ids[1]}\") {{ citizen(personalId: $id) {{ fullName }} }}",
            token: _hub.CitizenToken(ids[0]));

        Assert.Equal(["OWN_RECORD_ONLY"], response.ErrorCodes);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task A_department_cannot_use_the_citizens_or_the_stewards_audit_queries()
    {
        var token = _hub.DepartmentToken("so-y-te");

        var mine = await _hub.PostAsync("{ myAccessLog(first: 1) { totalCount } }", token: token, purpose: "medical-treatment");
        var all = await _hub.PostAsync("{ log: auditLog(first: 1) { totalCount } }", token: token, purpose: "medical-treatment");

        Assert.Equal(["CITIZEN_ONLY"], mine.ErrorCodes);
        Assert.Equal(["STEWARD_ONLY"], all.ErrorCodes);
        Assert.Null(all.Data);
    }

}
