using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DataHub.Domain;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Hub.Identity;

/// <summary>
/// The stand-in for the national electronic-ID provider, for the demo and tests (<c>CitizenId:Authority</c> unset): the
/// hub's own issuer answers the OpenID Connect authorization code flow with PKCE — a sign-in page where one picks a
/// demo citizen and a level (no password: the hub stores none), a token endpoint (code + verifier, refresh token) and
/// a discovery document — so the portal signs in through ASP.NET Core's standard OpenID Connect handler, exactly as it
/// would against the real provider. Codes are single-use, live a minute and are held in memory.
/// </summary>
/// <remarks>
/// REVIEW: codes in memory mean a code must be redeemed on the instance that issued it; behind a load balancer the
/// real provider is used (<c>CitizenId:Authority</c>), never this stand-in.
/// </remarks>
public sealed class LocalCitizenProvider(LocalIssuer issuer, IOptions<CitizenIdOptions> options, TimeProvider clock)
{
    public const string AuthorizePath = "/issuer/authorize";
    public const string TokenPath = "/issuer/token";
    public const string DiscoveryPath = "/issuer/.well-known/openid-configuration";
    public const string KeysPath = "/issuer/jwks";

    /// <summary>The portal's callback: the only redirect the stand-in provider sends codes to.</summary>
    public const string CallbackPath = "/me/signin-oidc";

    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);

    private string RefreshAudience => issuer.Issuer + "/refresh";

    /// <summary>Why an authorization request is refused (shown on the page; never redirected to an unchecked URI).</summary>
    public string? RefuseAuthorization(HttpRequest request, IQueryCollection parameters)
    {
        var client = parameters["client_id"].ToString();
        var redirect = parameters["redirect_uri"].ToString();
        if (client == options.Value.ClientId)
        {
            if (redirect != Origin(request) + CallbackPath)
            {
                return "redirect_uri is not the portal's callback";
            }
        }
        else if (!options.Value.LocalClients.TryGetValue(client, out var registered))
        {
            return "unknown client_id";
        }
        else if (redirect != registered)
        {
            return "redirect_uri is not the one registered for this client";
        }

        if (parameters["response_type"] != "code")
        {
            return "response_type must be code";
        }

        if (parameters["code_challenge_method"] != "S256" || parameters["code_challenge"].ToString().Length is < 43 or > 128)
        {
            return "PKCE is required (code_challenge with code_challenge_method=S256)";
        }

        return parameters["scope"].ToString().Split(' ').Contains("openid") ? null : "scope must include openid";
    }

    /// <summary>The signed-in citizen's choice becomes a one-minute, single-use code bound to the PKCE challenge.</summary>
    public string IssueCode(IQueryCollection parameters, PersonalId citizen, int level)
    {
        RemoveExpired();
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new PendingCode(citizen.ToString(), level, parameters["client_id"]!, parameters["redirect_uri"]!,
            parameters["code_challenge"]!, parameters["nonce"].ToString() is { Length: > 0 } nonce ? nonce : null, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>The token endpoint: <c>authorization_code</c> (with the PKCE verifier) or <c>refresh_token</c>.</summary>
    public (int Status, object Body) Token(IReadOnlyDictionary<string, string> form)
    {
        var grant = form.GetValueOrDefault("grant_type");
        if (form.GetValueOrDefault("client_id") is not { } client || (client != options.Value.ClientId && !options.Value.LocalClients.ContainsKey(client)))
        {
            return Error("invalid_client", "unknown client_id");
        }

        if (grant == "authorization_code")
        {
            if (form.GetValueOrDefault("code") is not { } code || !_codes.TryRemove(code, out var pending) || pending.Expires < clock.GetUtcNow())
            {
                return Error("invalid_grant", "the code is unknown, used or expired");
            }

            if (pending.RedirectUri != form.GetValueOrDefault("redirect_uri") || pending.ClientId != form["client_id"])
            {
                return Error("invalid_grant", "redirect_uri does not match the authorization request");
            }

            var verifier = form.GetValueOrDefault("code_verifier") ?? "";
            if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.Challenge)
            {
                return Error("invalid_grant", "the PKCE code_verifier does not match the code_challenge");
            }

            return (StatusCodes.Status200OK, Tokens(client, pending.PersonalId, pending.Level, pending.Nonce, refresh: null));
        }

        if (grant == "refresh_token")
        {
            var result = new JsonWebTokenHandler().ValidateTokenAsync(form.GetValueOrDefault("refresh_token") ?? "", new TokenValidationParameters
            {
                ValidIssuer = issuer.Issuer,
                ValidAudience = RefreshAudience,
                IssuerSigningKey = issuer.Key,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ClockSkew = TimeSpan.Zero,
                LifetimeValidator = (notBefore, expires, _, _) => expires > clock.GetUtcNow().UtcDateTime,
            }).GetAwaiter().GetResult();
            if (!result.IsValid || !result.Claims.TryGetValue(HubClaims.PersonalId, out var claimed) || claimed is not string personalId
                || !result.Claims.TryGetValue("level", out var claimedLevel) || CitizenIdOptions.LevelOf(claimedLevel as string) is not { } level)
            {
                return Error("invalid_grant", "the refresh token is not valid");
            }

            return (StatusCodes.Status200OK, Tokens(client, personalId, level, nonce: null, refresh: form["refresh_token"]));
        }

        return Error("unsupported_grant_type", "authorization_code or refresh_token");
    }

    /// <summary>The discovery document, with this request's origin (the stand-in has no fixed host name).</summary>
    public object Discovery(HttpRequest request)
    {
        var origin = Origin(request);
        return new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["authorization_endpoint"] = origin + AuthorizePath,
            ["token_endpoint"] = origin + TokenPath,
            ["jwks_uri"] = origin + KeysPath,
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
            ["acr_values_supported"] = new[] { "1", "2" },
            ["claims_supported"] = new[] { "sub", HubClaims.PersonalId, options.Value.LevelClaim, "nonce" },
            ["token_endpoint_auth_methods_supported"] = new[] { "none" },
        };
    }

    /// <summary>The public signing key as a JWK set.</summary>
    public object Keys()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer.Key.Rsa?.ExportParameters(false) ?? issuer.Key.Parameters) { KeyId = issuer.Key.KeyId });
        return new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = jwk.Kid, n = jwk.N, e = jwk.E } } };
    }

    private object Tokens(string client, string personalId, int level, string? nonce, string? refresh)
    {
        var settings = options.Value;
        var access = TimeSpan.FromMinutes(settings.AccessTokenMinutes);
        var levelText = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var identity = new Dictionary<string, object>
        {
            [HubClaims.Subject] = LocalIssuer.CitizenSubject(personalId),
            [HubClaims.PersonalId] = personalId,
            [settings.LevelClaim] = levelText,
            ["auth_time"] = clock.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (nonce is not null)
        {
            identity["nonce"] = nonce;
        }

        return new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["access_token"] = issuer.ForCitizen(personalId, access, level, settings.LevelClaim),
            ["expires_in"] = (int)access.TotalSeconds,
            ["id_token"] = issuer.Sign(client, access, identity), // for the client that signed the citizen in
            ["refresh_token"] = refresh ?? issuer.Sign(RefreshAudience, TimeSpan.FromMinutes(settings.RefreshTokenMinutes), new Dictionary<string, object>
            {
                [HubClaims.Subject] = LocalIssuer.CitizenSubject(personalId),
                [HubClaims.PersonalId] = personalId,
                ["level"] = levelText,
            }),
            ["scope"] = settings.Scopes,
        };
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (code, pending) in _codes)
        {
            if (pending.Expires < now)
            {
                _codes.TryRemove(code, out _);
            }
        }
    }

    private static (int, object) Error(string error, string description) =>
        (StatusCodes.Status400BadRequest, new { error, error_description = description });

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private sealed record PendingCode(
        string PersonalId, int Level, string ClientId, string RedirectUri, string Challenge, string? Nonce, DateTimeOffset Expires);
}
