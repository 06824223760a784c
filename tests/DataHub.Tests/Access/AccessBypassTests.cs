using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Access;

/// <summary>Ways around a missing grant; each is refused before any source is called.</summary>
[Collection(HubCollection.Name)]
public sealed class AccessBypassTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);
    private readonly string _personalId = data.Column("population",
        "SELECT personal_id FROM citizens WHERE father_personal_id IS NOT NULL ORDER BY personal_id LIMIT 1")[0];

    public static TheoryData<string, string> Attempts => new()
    {
        { "alias", "{ citizen(personalId: $id) { contact: occupation } }" },
        { "fragment", "{ citizen(personalId: $id) { ...Job } } fragment Job on Citizen { occupation }" },
        { "inline fragment", "{ citizen(personalId: $id) { ... on Citizen { occupation } } }" },
        { "another entity", "{ citizen(personalId: $id) { father { occupation } } }" },
        { "another source", "{ citizen(personalId: $id) { landRights { rightId } } }" },
        { "typename beside it", "{ citizen(personalId: $id) { __typename x: __typename occupation } }" },
        { "a filter", "{ citizens(first: 1, where: { occupation: { eq: \"Nông dân\" } }) { nodes { fullName } } }" },
        { "an order", "{ citizens(first: 1, order: [{ educationLevel: ASC }]) { nodes { fullName } } }" },
        { "a connection", "{ citizens(first: 2) { edges { node { ...on Citizen { household { members { occupation } } } } } } }" },
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task A_field_without_a_grant_is_refused_however_it_is_reached(string way, string operation)
    {
        _hub.SqlLog.Drain();
        var query = operation.Contains("$id", StringComparison.Ordinal) ? "query($id: ID!) " + operation : operation;

        var response = await _hub.PostAsync(query, new { id = _personalId }, token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.True(response.ErrorCodes.Any() && response.ErrorCodes.All(c => c == "FIELD_NOT_GRANTED"), $"{way}: {response.Body}");
        Assert.Null(response.Data);
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task Every_refused_field_gets_its_own_error_with_path_department_and_purpose()
    {
        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { occupation who: educationLevel father { idCard { number } } } }",
            new { id = _personalId }, token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(400, response.Status);
        var fields = response.Errors.Select(e => e!["extensions"]!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["Citizen.occupation", "Citizen.educationLevel", "Citizen.idCard", "IdCard.number"], fields);
        Assert.All(response.Errors, e =>
        {
            Assert.Equal("so-y-te", e!["extensions"]!["department"]!.GetValue<string>());
            Assert.Equal("medical-treatment", e["extensions"]!["purpose"]!.GetValue<string>());
        });
        Assert.Equal(["citizen", "who"], response.Errors[1]!["path"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task A_document_cached_for_a_granted_caller_is_still_checked_for_the_next_caller()
    {
        // The same text twice: the second request finds it parsed and validated in the document cache.
        const string Query = "query($id: ID!) { citizen(personalId: $id) { fullName occupation } }";
        var granted = await _hub.PostAsync(Query, new { id = _personalId }, token: _hub.DepartmentToken("cong-an"), purpose: "residence-registration");
        Assert.Equal(200, granted.Status);
        Assert.False(string.IsNullOrEmpty(granted.Data!["citizen"]!["occupation"]!.GetValue<string>()), granted.Body);
        _hub.SqlLog.Drain();

        var refused = await _hub.PostAsync(Query, new { id = _personalId }, token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(400, refused.Status);
        Assert.Equal(["FIELD_NOT_GRANTED"], refused.ErrorCodes);
        Assert.Null(refused.Data);
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_purpose_of_another_department_is_refused()
    {
        _hub.SqlLog.Drain();
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { landRights { rightId } } } }",
            token: _hub.DepartmentToken("so-y-te"), purpose: "land-registration");

        Assert.Equal(["PURPOSE_NOT_ALLOWED"], response.ErrorCodes);
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_data_query_without_a_purpose_is_refused_and_an_unknown_purpose_too()
    {
        var token = _hub.DepartmentToken("so-y-te");

        var missing = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token);
        var unknown = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token, purpose: "curiosity");

        Assert.Equal(["PURPOSE_REQUIRED"], missing.ErrorCodes);
        Assert.Equal(["UNKNOWN_PURPOSE"], unknown.ErrorCodes);
    }

    [Fact]
    public async Task The_purpose_can_come_in_the_request_extensions()
    {
        using var client = _hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(
                "{\"query\":\"{ citizens(first: 1) { nodes { fullName } } }\",\"extensions\":{\"purpose\":\"medical-treatment\"}}",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _hub.DepartmentToken("so-y-te"));

        var response = await GraphQLResponse.ReadAsync(await client.SendAsync(request));

        Assert.Empty(response.Errors);
    }

    [Fact]
    public async Task An_expired_grant_no_longer_allows_the_field()
    {
        var token = _hub.DepartmentToken("so-tnmt");
        const string Query = "{ citizens(first: 1) { nodes { landRights { rightId } } } }";
        Assert.Empty((await _hub.PostAsync(Query, token: token, purpose: "land-registration")).Errors);

        await new PolicyArrangement(_hub.Services)
            .SetGrantValidityAsync("so-tnmt", "Citizen.landRights", "land-registration", DateTime.UtcNow.AddDays(-1));
        var response = await _hub.PostAsync(Query, token: token, purpose: "land-registration");

        Assert.Equal(["FIELD_NOT_GRANTED"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_citizen_reads_their_own_record_including_restricted_fields_without_a_purpose()
    {
        var response = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName occupation idCard { number } landRights { rightId } } }",
            new { id = _personalId }, token: _hub.CitizenToken(_personalId));

        Assert.Empty(response.Errors);
        Assert.NotNull(response.Data!["citizen"]!["fullName"]);
    }

    [Fact]
    public async Task A_citizen_token_cannot_read_another_citizen()
    {
        var other = data.Column("population", $"SELECT personal_id FROM citizens WHERE personal_id <> '{_personalId}' LIMIT 1")[0];
        _hub.SqlLog.Drain();

        var response = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName } }",
            new { id = other }, token: _hub.CitizenToken(_personalId));

        Assert.Equal(["OWN_RECORD_ONLY"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_citizen_reaching_a_relative_through_their_record_gets_nothing_of_the_relative()
    {
        var response = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName father { fullName phoneNumber } } }",
            new { id = _personalId }, token: _hub.CitizenToken(_personalId));

        Assert.Contains("OWN_RECORD_ONLY", response.ErrorCodes);
        Assert.NotNull(response.Data!["citizen"]!["fullName"]);
        Assert.Null(response.Data!["citizen"]!["father"]?["fullName"]);
    }

    [Fact]
    public async Task A_citizen_token_cannot_list_citizens()
    {
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: _hub.CitizenToken(_personalId));

        Assert.Equal(["OWN_RECORD_ONLY"], response.ErrorCodes);
    }
}
