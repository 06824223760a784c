using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Tests.Citizens;

/// <summary>
/// Another app signing citizens in at the stand-in e-ID provider (<c>CitizenId:LocalClients</c>, as the public-service
/// app <c>dvc-online</c> does): its registered redirect URI only, and an id token for that app naming the citizen.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class LocalProviderClientsTests(DemoDataFixture data) : IDisposable
{
    private const string Client = "dvc-online";
    private const string Callback = "http://127.0.0.1:5999/signin-oidc";
    private readonly HubFactory _hub = new(data.DataDirectory, new Dictionary<string, string?> { [$"CitizenId:LocalClients:{Client}"] = Callback });

    private string Citizen => data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1 OFFSET 3")[0];

    [Fact]
    public async Task A_registered_app_gets_a_code_at_its_redirect_and_an_id_token_for_itself_naming_the_citizen()
    {
        using var client = _hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = Authorize(Callback, challenge);

        var page = await client.GetAsync(QueryHelpers.AddQueryString("/issuer/authorize", authorize));
        var form = new Dictionary<string, string>(authorize.Select(kv => KeyValuePair.Create(kv.Key, kv.Value!))) { ["personal_id"] = Citizen, ["level"] = "2" };
        var chosen = await client.PostAsync("/issuer/authorize", new FormUrlEncodedContent(form));
        var code = QueryHelpers.ParseQuery(chosen.Headers.Location!.Query)["code"].ToString();
        using var redeemed = await client.PostAsync("/issuer/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback,
            ["client_id"] = Client,
            ["code_verifier"] = verifier,
        }));
        var tokens = JsonNode.Parse(await redeemed.Content.ReadAsStringAsync())!;
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("form-action 'self' http://127.0.0.1:5999;", string.Join(";", page.Headers.GetValues("Content-Security-Policy")) + ";");
        Assert.StartsWith(Callback + "?", chosen.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal([Client], idToken.Audiences);
        Assert.Equal(Citizen, idToken.GetClaim("personal_id").Value);
    }

    [Fact]
    public async Task A_registered_app_asking_for_another_redirect_is_refused_without_a_redirect()
    {
        using var client = _hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var elsewhere = await client.GetAsync(QueryHelpers.AddQueryString("/issuer/authorize", Authorize("https://evil.example/signin-oidc", new string('c', 43))));

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
        Assert.Contains("redirect_uri", await elsewhere.Content.ReadAsStringAsync());
    }

    public void Dispose() => _hub.Dispose();

    private static Dictionary<string, string?> Authorize(string redirect, string challenge) => new()
    {
        ["client_id"] = Client,
        ["redirect_uri"] = redirect,
        ["response_type"] = "code",
        ["scope"] = "openid",
        ["state"] = "s1",
        ["nonce"] = "n1",
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = "S256",
    };
}
