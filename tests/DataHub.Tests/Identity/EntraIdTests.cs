using System.Security.Cryptography;
using System.Text.Json;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Tests.Identity;

/// <summary>
/// The production path: Microsoft.Identity.Web (section AzureAd) validating an Entra-shaped app token. The tenant's
/// OpenID metadata document and signing keys are served locally, so no network is needed.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class EntraIdTests(DemoDataFixture data)
{
    private const string TenantId = "7a1c3f52-8d4e-4c1b-9d2a-3e5f6a7b8c9d";
    private const string HubClientId = "0b6e2d71-5c3a-4e8f-a1b2-c3d4e5f60718";
    private static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    [Fact]
    public async Task An_entra_app_token_for_a_registered_department_is_accepted()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "tenant-key-1" };
        using var hub = EntraHub(key);
        var token = TokenForge.Create(key, Issuer, HubClientId, EntraClaims("6f1c2a10-0000-4000-8000-000000000006"));

        var response = await hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token, purpose: "medical-treatment");

        Assert.True(200 == response.Status, response.Body);
        Assert.Empty(response.Errors);
        Assert.Single(response.Data!["citizens"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task An_entra_token_signed_by_a_key_the_tenant_does_not_publish_is_refused()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "tenant-key-1" };
        using var hub = EntraHub(key);
        var token = TokenForge.Create(TokenForge.OtherKey(), Issuer, HubClientId, EntraClaims("6f1c2a10-0000-4000-8000-000000000006"));

        var response = await hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token, purpose: "medical-treatment");

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task An_entra_token_for_another_api_is_refused()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "tenant-key-1" };
        using var hub = EntraHub(key);
        var token = TokenForge.Create(key, Issuer, "api://some-other-api", EntraClaims("6f1c2a10-0000-4000-8000-000000000006"));

        var response = await hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token, purpose: "medical-treatment");

        Assert.Equal(401, response.Status);
    }

    private HubFactory EntraHub(RsaSecurityKey key) => new(data.DataDirectory,
        new Dictionary<string, string?>
        {
            ["Identity:Mode"] = "EntraId",
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = TenantId,
            ["AzureAd:ClientId"] = HubClientId,
        },
        services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(Metadata(key));

            // Microsoft.Identity.Web's multi-tenant issuer validator downloads the instance's metadata itself
            // (over HTTPS, from the Entra instance); offline, the issuer is checked against the local document instead.
            options.TokenValidationParameters.IssuerValidator = null;
            options.TokenValidationParameters.ValidIssuer = Issuer;
        }));

    /// <summary>The tenant's OpenID configuration and key set, as login.microsoftonline.com would publish them.</summary>
    private static OpenIdConnectConfiguration Metadata(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        var document = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token",
            ["jwks_uri"] = $"https://login.microsoftonline.com/{TenantId}/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        var configuration = OpenIdConnectConfiguration.Create(document);
        configuration.JsonWebKeySet = new JsonWebKeySet();
        configuration.JsonWebKeySet.Keys.Add(jwk);
        configuration.SigningKeys.Add(jwk);
        return configuration;
    }

    private static Dictionary<string, object> EntraClaims(string applicationId) => new()
    {
        [HubClaims.AuthorizedParty] = applicationId,
        [HubClaims.Subject] = applicationId,
        ["oid"] = applicationId,
        ["tid"] = TenantId,
        ["ver"] = "2.0",
        ["idtyp"] = "app",
        [HubClaims.Roles] = new[] { HubClaims.DepartmentRole },
    };
}
