using System.Net;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Http;

/// <summary>
/// The form posts (<c>/connect/token</c>, <c>/issuer/token</c>, the portal's forms) held to <c>DataHub:FormLimits</c>:
/// over a limit, 413 <c>FORM_TOO_LARGE</c> before the handler runs; within them, the handler answers as before.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class FormLimitsTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory, new Dictionary<string, string?>
    {
        ["DataHub:FormLimits:MaxBytes"] = "4096",
        ["DataHub:FormLimits:MaxFields"] = "8",
        ["DataHub:FormLimits:MaxValueLength"] = "1024",
    });

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/issuer/token")]
    [InlineData("/me/signout")]
    public async Task A_form_larger_than_the_limit_is_refused_with_413(string path)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["padding"] = new string('a', 5000) };

        var (status, code) = await PostAsync(path, form);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "FORM_TOO_LARGE"), (status, code));
    }

    [Fact]
    public async Task A_form_with_more_fields_than_the_limit_is_refused_with_413()
    {
        var form = Enumerable.Range(0, 9).ToDictionary(i => $"f{i}", i => "x");

        var (status, code) = await PostAsync("/issuer/token", form);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "FORM_TOO_LARGE"), (status, code));
    }

    [Fact]
    public async Task A_form_value_longer_than_the_limit_is_refused_with_413()
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = new string('r', 1025) };

        var (status, code) = await PostAsync("/issuer/token", form);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "FORM_TOO_LARGE"), (status, code));
    }

    [Fact]
    public async Task A_form_within_the_limits_reaches_the_token_endpoint()
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "so-y-te", ["client_secret"] = "wrong" };

        using var client = _hub.CreateClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _hub.Dispose();

    private async Task<(HttpStatusCode Status, string? Code)> PostAsync(string path, Dictionary<string, string> form)
    {
        using var client = _hub.CreateClient();
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        var body = await GraphQLResponse.ReadAsync(response);
        return (response.StatusCode, body.ErrorCodes.FirstOrDefault());
    }
}
