using System.Net.Http.Headers;
using System.Text;
using DataHub.Hub.Identity;
using DataHub.Tests.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataHub.Tests.Citizens;

/// <summary>
/// Citizen access tokens from an external CitizenId authority (<c>CitizenId:Authority</c>): the stand-in provider runs as
/// a separate authority on a loopback port with a key and issuer of its own, and the hub fetches its discovery document
/// and keys over HTTP. A token from it is accepted with its level; wrong audience, expired, another key or no level are
/// refused with the codes README names; the hub's own tokens keep working beside it.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ExternalCitizenIdTests(DemoDataFixture data) : IAsyncLifetime
{
    private const string Audience = "api://datahub-citizens";
    private const string Give = """
        mutation($input: GiveConsentInput!) { giveConsent(input: $input) { id state givenBy } }
        """;

    private readonly string _keys = Path.Combine(Path.GetTempPath(), "datahub-citizenid-" + Guid.NewGuid().ToString("N"));
    private WebApplication _provider = null!;
    private LocalIssuer _issuer = null!;
    private HubFactory _hub = null!;
    private int _discoveryCalls;
    private int _keyCalls;

    public async Task InitializeAsync()
    {
        var port = HubProcess.FreePort();
        var authority = $"http://127.0.0.1:{port}/issuer";
        _issuer = new LocalIssuer(new LocalIssuerOptions { Issuer = authority, Audience = Audience }, _keys, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton(_issuer).AddSingleton(TimeProvider.System).AddSingleton(Options.Create(new CitizenIdOptions()))
            .AddSingleton<LocalCitizenProvider>();
        _provider = builder.Build();
        _provider.MapGet(LocalCitizenProvider.DiscoveryPath, (HttpContext http, LocalCitizenProvider provider) =>
        {
            Interlocked.Increment(ref _discoveryCalls);
            return Results.Json(provider.Discovery(http.Request));
        });
        _provider.MapGet(LocalCitizenProvider.KeysPath, (LocalCitizenProvider provider) =>
        {
            Interlocked.Increment(ref _keyCalls);
            return Results.Json(provider.Keys());
        });
        await _provider.StartAsync();
        _hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["CitizenId:Authority"] = authority,
            ["CitizenId:Audience"] = Audience,
            ["CitizenId:RequireHttpsMetadata"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        _hub.Dispose();
        await _provider.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task A_token_from_the_authority_is_accepted_with_its_level_after_the_hub_fetched_its_keys_over_HTTP()
    {
        var me = Adult();

        var history = await _hub.PostAsync("{ myAccessLog(first: 1) { totalCount } }", token: ProviderToken(me, level: "2"));
        var atLevel1 = await _hub.PostAsync(Give, GiveInput(), token: ProviderToken(me, level: "1"));
        var atLevel2 = await _hub.PostAsync(Give, GiveInput(), token: ProviderToken(me, level: "2"));

        Assert.True(history.Status == 200 && history.Errors.Count == 0, history.Body);
        Assert.Equal(["ELECTRONIC_ID_LEVEL_TOO_LOW"], atLevel1.ErrorCodes);
        Assert.Equal(("live", "citizen"), (atLevel2.Data!["giveConsent"]!["state"]!.GetValue<string>(), atLevel2.Data["giveConsent"]!["givenBy"]!.GetValue<string>()));
        Assert.True(_discoveryCalls > 0 && _keyCalls > 0, $"discovery {_discoveryCalls}, keys {_keyCalls}");
    }

    [Fact]
    public async Task A_token_from_the_authority_that_claims_the_steward_role_is_still_only_a_citizen()
    {
        var claims = CitizenClaims(Adult(), "2");
        claims[HubClaims.Roles] = new[] { HubClaims.StewardRole };
        var token = TokenForge.Create(_issuer.Key, _issuer.Issuer, Audience, claims);

        var admin = await PostAdminAsync(token);

        Assert.Equal((403, "STEWARD_ONLY"), (admin.Status, admin.ErrorCodes.Single()));
    }

    [Fact]
    public async Task A_token_from_the_authority_for_another_audience_is_refused()
    {
        var token = TokenForge.Create(_issuer.Key, _issuer.Issuer, "api://some-other-api", CitizenClaims(Adult(), "2"));

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task An_expired_token_from_the_authority_is_refused()
    {
        var token = TokenForge.Create(_issuer.Key, _issuer.Issuer, Audience, CitizenClaims(Adult(), "2"),
            notBefore: DateTime.UtcNow.AddMinutes(-20), expires: DateTime.UtcNow.AddMinutes(-10));

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task A_token_in_the_authoritys_name_signed_by_a_key_it_does_not_publish_is_refused()
    {
        var token = TokenForge.Create(TokenForge.OtherKey(), _issuer.Issuer, Audience, CitizenClaims(Adult(), "2"));

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task A_token_from_the_authority_without_a_level_is_refused()
    {
        var claims = CitizenClaims(Adult(), "2");
        claims.Remove("acr");
        var token = TokenForge.Create(_issuer.Key, _issuer.Issuer, Audience, claims);

        var response = await _hub.PostAsync("{ myAccessLog { totalCount } }", token: token);

        Assert.Equal((403, "ELECTRONIC_ID_LEVEL_MISSING"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task The_hubs_own_department_token_still_works_beside_the_authority()
    {
        var response = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.Body);
        Assert.Single(response.Data!["citizens"]!["nodes"]!.AsArray());
    }

    /// <summary>A token as the national provider issues it: no hub role, the personal ID and the level claim.</summary>
    private string ProviderToken(string personalId, string level) =>
        TokenForge.Create(_issuer.Key, _issuer.Issuer, Audience, CitizenClaims(personalId, level));

    private static Dictionary<string, object> CitizenClaims(string personalId, string level) => new()
    {
        [HubClaims.Subject] = LocalIssuer.CitizenSubject(personalId),
        [HubClaims.PersonalId] = personalId,
        ["acr"] = level,
    };

    private static object GiveInput() => new
    {
        input = new { department = "so-y-te", purpose = "medical-treatment", fields = new[] { "Citizen.bloodType" }, days = 30 },
    };

    private async Task<GraphQLResponse> PostAdminAsync(string token)
    {
        using var client = _hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/graphql")
        {
            Content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    private string Adult()
    {
        using var db = _hub.Registry();
        var seeded = db.ConsentRecords.Select(c => c.CitizenPersonalId).ToHashSet();
        return data.Column("population",
                "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id")
            .Where(id => !seeded.Contains(id)).Skip(7).First();
    }
}
