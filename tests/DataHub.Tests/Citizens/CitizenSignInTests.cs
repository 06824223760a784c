using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Tests.Citizens;

/// <summary>
/// The stand-in electronic-ID provider's code flow with PKCE over real HTTP (the portal's OpenID Connect handler is
/// driven end to end by the browser test), and citizen tokens the hub refuses, each with its code.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CitizenSignInTests(DemoDataFixture data) : IDisposable
{
    private const string Callback = "http://localhost/me/signin-oidc";
    private readonly HubFactory _hub = new(data.DataDirectory);

    private string Citizen => data.Column("population", "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL ORDER BY personal_id LIMIT 1")[0];

    [Fact]
    public async Task A_code_with_its_PKCE_verifier_gives_tokens_that_read_my_history_at_my_level_and_refresh()
    {
        using var client = _hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (verifier, challenge) = Pkce();
        var code = await SignInAsync(client, challenge, level: 2);

        var wrong = await RedeemAsync(client, code, Pkce().Verifier);
        var again = await SignInAsync(client, challenge, level: 2);
        var tokens = await RedeemAsync(client, again, verifier);
        var reused = await RedeemAsync(client, again, verifier);
        var history = await _hub.PostAsync("{ myAccessLog(first: 1) { totalCount } }", token: tokens.Json!["access_token"]!.GetValue<string>());
        var refreshed = await TokenAsync(client, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Json["refresh_token"]!.GetValue<string>(), ["client_id"] = "datahub-portal" });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (wrong.Status, wrong.Json!["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("invalid_grant", reused.Json!["error"]!.GetValue<string>());
        Assert.Empty(history.Errors);
        Assert.Equal(300, tokens.Json["expires_in"]!.GetValue<int>()); // CitizenId:AccessTokenMinutes, 5 by default
        Assert.Equal("2", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.Json["access_token"]!.GetValue<string>()).GetClaim("acr").Value);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens.Json["access_token"]!.GetValue<string>(), refreshed.Json!["access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_or_to_another_redirect_is_refused()
    {
        using var client = _hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var noPkce = await client.GetAsync(QueryHelpers.AddQueryString("/issuer/authorize", Authorize(null)));
        var elsewhere = await client.GetAsync(QueryHelpers.AddQueryString("/issuer/authorize",
            new Dictionary<string, string?>(Authorize(Pkce().Challenge)) { ["redirect_uri"] = "https://evil.example/cb" }));

        Assert.Equal(HttpStatusCode.BadRequest, noPkce.StatusCode);
        Assert.Contains("PKCE", await noPkce.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    [Fact]
    public async Task A_citizen_token_for_another_audience_is_refused()
    {
        var issuer = _hub.Services.GetRequiredService<LocalIssuer>();
        var token = TokenForge.Create(issuer.Key, issuer.Issuer, "datahub-portal", CitizenClaims(level: "2"));

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task An_expired_citizen_token_is_refused()
    {
        var issuer = _hub.Services.GetRequiredService<LocalIssuer>();
        var token = TokenForge.Create(issuer.Key, issuer.Issuer, issuer.Audience, CitizenClaims(level: "2"),
            notBefore: DateTime.UtcNow.AddMinutes(-20), expires: DateTime.UtcNow.AddMinutes(-10));

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task A_citizen_token_without_its_electronic_id_level_is_refused()
    {
        var token = _hub.Services.GetRequiredService<LocalIssuer>().ForCitizen(Citizen, level: null);

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((403, "ELECTRONIC_ID_LEVEL_MISSING"), (response.Status, response.ErrorCodes.Single()));
    }

    public void Dispose() => _hub.Dispose();

    private Dictionary<string, object> CitizenClaims(string level) => new()
    {
        ["sub"] = "citizen:test",
        ["personal_id"] = Citizen,
        ["roles"] = new[] { "Citizen.Self" },
        ["acr"] = level,
    };

    private static Dictionary<string, string?> Authorize(string? challenge) => new()
    {
        ["client_id"] = "datahub-portal",
        ["redirect_uri"] = Callback,
        ["response_type"] = "code",
        ["scope"] = "openid offline_access",
        ["state"] = "s1",
        ["nonce"] = "n1",
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = challenge is null ? null : "S256",
    };

    /// <summary>The sign-in page, then the citizen's choice posted back: the code on the redirect to the portal.</summary>
    private async Task<string> SignInAsync(HttpClient client, string challenge, int level)
    {
        var page = await client.GetAsync(QueryHelpers.AddQueryString("/issuer/authorize", Authorize(challenge)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Authorize(challenge).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        form["personal_id"] = Citizen;
        form["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var chosen = await client.PostAsync("/issuer/authorize", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var location = chosen.Headers.Location!;
        Assert.StartsWith(Callback, location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("s1", query["state"].ToString());
        return query["code"].ToString();
    }

    private static Task<(HttpStatusCode Status, JsonNode? Json)> RedeemAsync(HttpClient client, string code, string verifier) => TokenAsync(client, new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = Callback,
        ["client_id"] = "datahub-portal",
        ["code_verifier"] = verifier,
    });

    private static async Task<(HttpStatusCode Status, JsonNode? Json)> TokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        using var response = await client.PostAsync("/issuer/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}
