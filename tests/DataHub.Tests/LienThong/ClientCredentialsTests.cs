using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.LienThong;

/// <summary>The local issuer's client-credentials grant (<c>POST /connect/token</c>): what the department workers and apps use.</summary>
[Collection(HubCollection.Name)]
public sealed class ClientCredentialsTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory, new Dictionary<string, string?>
    {
        ["Identity:LocalIssuer:ClientSecrets:bhxh"] = "a-secret-for-bhxh",
    });

    [Fact]
    public async Task A_department_with_its_secret_gets_a_token_the_hub_accepts_as_that_department()
    {
        var token = await TokenAsync("client_credentials", "bhxh", "a-secret-for-bhxh");
        Assert.Equal(HttpStatusCode.OK, token.Status);

        var answer = await _hub.PostAsync("{ lifeEvents(first: 1) { endCursor } }", token: token.Json!["access_token"]!.GetValue<string>(),
            purpose: "health-insurance-enrolment");
        Assert.Empty(answer.ErrorCodes);
        var audit = await _hub.LastAuditEntryAsync();
        Assert.Equal("bhxh", audit.Principal);
    }

    [Theory]
    [InlineData("client_credentials", "bhxh", "wrong", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("client_credentials", "cong-an", "a-secret-for-bhxh", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", "bhxh", "a-secret-for-bhxh", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task A_wrong_secret_client_or_grant_gets_no_token(string grant, string client, string secret, HttpStatusCode status, string error)
    {
        var token = await TokenAsync(grant, client, secret);

        Assert.Equal(status, token.Status);
        Assert.Equal(error, token.Json!["error"]!.GetValue<string>());
        Assert.Null(token.Json["access_token"]);
    }

    public void Dispose() => _hub.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode? Json)> TokenAsync(string grant, string client, string secret)
    {
        using var http = _hub.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["client_id"] = client,
            ["client_secret"] = secret,
        });
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
