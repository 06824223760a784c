using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataHub.Hub.Audit;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Pipeline;

/// <summary>Every limit refuses with its own code, before any source is read, and the hub stays up.</summary>
[Collection(HubCollection.Name)]
public sealed class LimitsTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    private static string Nested(int levels) =>
        "{ citizens(first: 100) { nodes { " + string.Concat(Enumerable.Repeat("household { members { ", levels)) + "fullName"
        + string.Concat(Enumerable.Repeat(" } }", levels)) + " } } }";

    /// <summary>Four levels of five relatives each, fragments expanded: over 600 fields from a few lines.</summary>
    private static readonly string FanOut = string.Concat(new[] { ("A", "B"), ("B", "C"), ("C", "D"), ("D", "E") }.Select(level =>
        $"fragment {level.Item1} on Citizen {{ father {{ ...{level.Item2} }} mother {{ ...{level.Item2} }} spouse {{ ...{level.Item2} }} " +
        $"householdHead {{ ...{level.Item2} }} legalRepresentative {{ ...{level.Item2} }} }} "))
        + "fragment E on Citizen { fullName dateOfBirth sex hometown ethnicity religion nationality }";

    private static string Conditions(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"{{ fullName: {{ eq: \"{i}\" }} }}"));

    public static TheoryData<string, string, string> Operations => new()
    {
        { "six levels of household members under a page of 100", Nested(6), "QUERY_TOO_COMPLEX" },
        { "household members nested past the depth on a page of one", Nested(5).Replace("first: 100", "first: 1", StringComparison.Ordinal), "QUERY_TOO_DEEP" },
        { "two levels of members under a page of 100, four more lists wide", "{ citizens(first: 100) { nodes { household { members { household { members { landRights { parcel { rights { rightId } } } } } } } } } }", "QUERY_TOO_COMPLEX" },
        { "101 conditions in an or", $"{{ citizens(first: 1, where: {{ or: [{Conditions(101)}] }}) {{ totalCount }} }}", "FILTER_TOO_COMPLEX" },
        { "and nested six deep", "{ citizens(first: 1, where: { and: [{ and: [{ and: [{ and: [{ and: [{ and: [{ sex: { eq: MALE } }] }] }] }] }] }] }) { totalCount } }", "FILTER_TOO_COMPLEX" },
        { "600 selections written out (one response key once merged), refused before validation", "{ " + string.Concat(Enumerable.Repeat("__typename ", 600)) + "}", "QUERY_TOO_COMPLEX" },
        { "31 aliases", "{ " + string.Join(" ", Enumerable.Range(0, 31).Select(i => $"a{i}: __typename")) + " }", "QUERY_TOO_COMPLEX" },
        { "a fragment fan-out", "{ citizens(first: 1) { nodes { ...A } } } " + FanOut, "QUERY_TOO_COMPLEX" },
        { "introspection nested four lists deep", "{ __schema { types { fields { args { type { fields { name } } } } } } }", "QUERY_TOO_DEEP" },
        { "a page larger than the largest", "{ citizens(first: 101) { nodes { fullName } } }", "PAGE_SIZE_TOO_LARGE" },
        { "a cursor past the furthest offset", "{ citizens(first: 1, after: \"MjE0NzQ4MzY0Nw==\") { nodes { fullName } } }", "INVALID_CURSOR" },
        { "a cursor that is not one", "{ citizens(first: 1, after: \"%%%\") { nodes { fullName } } }", "INVALID_CURSOR" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_operation_past_a_limit_is_refused_with_its_code_before_any_source(string what, string operation, string code)
    {
        _hub.SqlLog.Drain();

        var response = await _hub.PostAsync(operation);

        Assert.True(response.Status == 400 && response.ErrorCodes.SequenceEqual([code]), $"{what}: {response.Status} {response.Body[..Math.Min(500, response.Body.Length)]}");
        Assert.Null(response.Data);
        Assert.Empty(_hub.SqlLog.Drain());
        Assert.Equal(code, (await _hub.LastAuditEntryAsync()).ErrorCodes);
    }

    [Fact]
    public async Task An_or_of_twenty_thousand_conditions_is_refused_and_the_hub_answers_the_next_request()
    {
        var variables = new { w = new { or = Enumerable.Range(0, 20_000).Select(i => new { fullName = new { eq = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }) } };

        var refused = await _hub.PostAsync("query($w: CitizenFilterInput) { citizens(first: 1, where: $w) { totalCount } }", variables);
        var next = await _hub.PostAsync("{ citizens(first: 1) { totalCount } }");

        Assert.Equal(413, refused.Status);
        Assert.Equal(["REQUEST_TOO_LARGE"], refused.ErrorCodes);
        Assert.Equal(200, next.Status);
        Assert.True(next.Data!["citizens"]!["totalCount"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task A_filter_list_in_a_variable_is_held_to_the_same_limit()
    {
        var ids = Enumerable.Range(0, 150).Select(i => $"001{i:D9}").ToArray();

        var response = await _hub.PostAsync("query($ids: [ID]) { citizens(first: 1, where: { personalId: { in: $ids } }) { totalCount } }", new { ids });

        Assert.Equal(["FILTER_TOO_COMPLEX"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_long_operation_name_is_refused_and_never_stored()
    {
        var name = "Q" + new string('x', 5_000);

        var response = await SendAsync(JsonSerializer.Serialize(new { query = $"query {name} {{ __typename }}", operationName = name }));

        Assert.Equal(400, response.Status);
        Assert.Equal(["INVALID_REQUEST"], response.ErrorCodes);
        Assert.DoesNotContain("xxxxxxxxxx", response.Body, StringComparison.Ordinal);
        var entry = await _hub.LastAuditEntryAsync();
        Assert.True((entry.OperationName?.Length ?? 0) <= AuditRecords.MaxTextLength);
    }

    [Fact]
    public async Task A_body_of_five_megabytes_is_refused_as_too_large()
    {
        var response = await SendAsync(JsonSerializer.Serialize(new { query = "{ __typename }", operationName = new string('x', 5_000_000) }));

        Assert.Equal(413, response.Status);
        Assert.Equal(["REQUEST_TOO_LARGE"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_query_nested_thousands_deep_is_a_clear_error()
    {
        var query = new string('{', 3_000) + new string('}', 3_000);

        var response = await SendAsync(JsonSerializer.Serialize(new { query }));

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorCodes);
    }

    [Fact]
    public async Task A_batch_is_refused_with_its_code()
    {
        var response = await SendAsync("[{\"query\":\"{ __typename }\"},{\"query\":\"{ __typename }\"}]");

        Assert.Equal(400, response.Status);
        Assert.Equal(["BATCH_NOT_SUPPORTED"], response.ErrorCodes);
    }

    [Fact]
    public async Task Banana_cake_pops_introspection_query_fits_the_limits()
    {
        var response = await _hub.PostAsync(IntrospectionQuery);

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Errors);
        Assert.True(response.Data!["__schema"]!["types"]!.AsArray().Count > 20);
    }

    private async Task<GraphQLResponse> SendAsync(string body)
    {
        using var client = _hub.StewardClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await client.PostAsync("/graphql", content);
        return await GraphQLResponse.ReadAsync(response);
    }


    /// <summary>The standard introspection query graphql-js (and so Banana Cake Pop and Apollo's tools) sends.</summary>
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}
