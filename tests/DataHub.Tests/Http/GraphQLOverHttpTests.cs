using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Http;

[Collection(HubCollection.Name)]
public sealed class GraphQLOverHttpTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private const string FirstCitizen = "{ citizens(first: 1) { nodes { personalId fullName } } }";
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    [Fact]
    public async Task A_post_that_asks_for_graphql_response_json_gets_it()
    {
        var response = await _hub.PostAsync(FirstCitizen);

        Assert.Equal(200, response.Status);
        Assert.Equal("application/graphql-response+json", response.MediaType);
        Assert.Equal(12, response.Data!["citizens"]!["nodes"]![0]!["personalId"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task A_client_that_accepts_only_json_gets_application_json()
    {
        var response = await _hub.PostAsync(FirstCitizen, accept: "application/json");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.MediaType);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task A_client_that_names_no_media_type_gets_application_json(string? accept)
    {
        using var client = _hub.StewardClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{ \"query\": \"{ shoeSize }\" }", Encoding.UTF8, "application/json"),
        };
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        using var response = await client.SendAsync(request);
        var result = await GraphQLResponse.ReadAsync(response);

        Assert.Equal(200, result.Status);
        Assert.Equal("application/json", result.MediaType);
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], result.ErrorCodes);
    }

    [Fact]
    public async Task A_get_with_a_query_parameter_executes_the_query()
    {
        using var client = _hub.StewardClient();

        using var response = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString(FirstCitizen));
        var result = await GraphQLResponse.ReadAsync(response);

        Assert.Equal(200, result.Status);
        Assert.Single(result.Data!["citizens"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task A_mutation_over_get_is_refused_with_405()
    {
        using var client = _hub.StewardClient();

        using var response = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { x }"));
        var result = await GraphQLResponse.ReadAsync(response);

        Assert.Equal(405, result.Status);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
        Assert.Equal(["METHOD_NOT_ALLOWED"], result.ErrorCodes);
    }

    [Fact]
    public async Task Put_is_not_a_graphql_method()
    {
        using var client = _hub.StewardClient();

        using var response = await client.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_400_invalid_json_and_no_stack_trace()
    {
        var result = await Send("{ \"query\": ", "application/json");

        Assert.Equal(400, result.Status);
        Assert.Equal(["INVALID_JSON"], result.ErrorCodes);
        Assert.DoesNotContain(" at ", result.Body);
    }

    [Fact]
    public async Task A_body_without_a_query_gets_400_invalid_request()
    {
        var result = await Send("{ \"variables\": {} }", "application/json");

        Assert.Equal(400, result.Status);
        Assert.Equal(["INVALID_REQUEST"], result.ErrorCodes);
    }

    [Fact]
    public async Task Variables_that_are_not_an_object_get_400_invalid_request()
    {
        var result = await Send("{ \"query\": \"{ __typename }\", \"variables\": [1] }", "application/json");

        Assert.Equal(400, result.Status);
        Assert.Equal(["INVALID_REQUEST"], result.ErrorCodes);
    }

    [Fact]
    public async Task A_content_type_other_than_json_gets_415()
    {
        var result = await Send("query { __typename }", "text/plain");

        Assert.Equal(415, result.Status);
        Assert.Equal(["UNSUPPORTED_MEDIA_TYPE"], result.ErrorCodes);
    }

    [Fact]
    public async Task An_accept_header_the_hub_cannot_serve_gets_406()
    {
        var result = await Send("{ \"query\": \"{ __typename }\" }", "application/json", accept: "text/csv");

        Assert.Equal(406, result.Status);
    }

    [Fact]
    public async Task A_query_that_does_not_parse_gets_400_syntax_error()
    {
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } ");

        Assert.Equal(400, response.Status);
        Assert.Equal(["SYNTAX_ERROR"], response.ErrorCodes);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task An_unknown_field_gets_400_with_graphql_response_json()
    {
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { shoeSize } } }");

        Assert.Equal(400, response.Status);
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], response.ErrorCodes);
        Assert.Contains("shoeSize", response.Errors[0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_field_gets_200_with_application_json()
    {
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { shoeSize } } }", accept: "application/json");

        Assert.Equal(200, response.Status);
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], response.ErrorCodes);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("02709912345A")]
    [InlineData("999012345678")]
    [InlineData("027912345678")]
    public async Task A_malformed_personal_id_is_refused_with_invalid_personal_id(string personalId)
    {
        var response = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName } }", new { id = personalId });

        Assert.Equal(200, response.Status);
        Assert.Equal(["INVALID_PERSONAL_ID"], response.ErrorCodes);
        Assert.Null(response.Data!["citizen"]);
        Assert.Equal(0, response.SourceCalls("population"));
    }

    [Fact]
    public async Task A_page_size_over_the_limit_is_refused_before_any_source_is_called()
    {
        var response = await _hub.PostAsync("{ citizens(first: 101) { nodes { fullName } } }");

        Assert.Equal(["PAGE_SIZE_TOO_LARGE"], response.ErrorCodes);
        Assert.Contains("100", response.Errors[0]!["message"]!.GetValue<string>());
        Assert.Equal(0, response.SourceCalls("population"));
    }

    [Fact]
    public async Task A_cursor_the_hub_did_not_issue_is_refused()
    {
        var response = await _hub.PostAsync("{ citizens(first: 5, after: \"not-a-cursor\") { nodes { fullName } } }");

        Assert.Equal(["INVALID_CURSOR"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_citizen_that_does_not_exist_is_null_without_error()
    {
        var response = await _hub.PostAsync("{ citizen(personalId: \"027099000000\") { fullName } }");

        Assert.Empty(response.Errors);
        Assert.Null(response.Data!["citizen"]);
        Assert.Equal(1, response.SourceCalls("population"));
    }

    private async Task<GraphQLResponse> Send(string body, string contentType, string accept = "application/graphql-response+json")
    {
        using var client = _hub.StewardClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }
}
