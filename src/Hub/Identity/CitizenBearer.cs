using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Hub.Identity;

/// <summary>
/// Access tokens from an external CitizenId authority (the national e-ID provider, <c>CitizenId:Authority</c>): a JwtBearer
/// scheme of their own, with the provider's issuer and signing keys from its discovery document and the audience from
/// <c>CitizenId:Audience</c>. A policy scheme in front of both bearer schemes picks by the token's issuer, so a citizen
/// app holding the provider's token calls <c>/graphql</c>, <c>/me</c> and the subscription transports like any caller; the
/// caller is then resolved in the one place (<see cref="CallerResolution"/>), level included.
/// </summary>
public static class CitizenBearer
{
    /// <summary>The JwtBearer scheme for the external provider's access tokens.</summary>
    public const string Scheme = "CitizenIdBearer";

    /// <summary>The default scheme when an external provider is configured: forwards to <see cref="Scheme"/> or the hub's own.</summary>
    public const string SelectorScheme = "HubBearer";

    public static AuthenticationBuilder AddCitizenIdBearer(this AuthenticationBuilder authentication, CitizenIdOptions citizenId)
    {
        var issuer = Normalize(citizenId.Authority!);
        authentication.AddJwtBearer(Scheme, bearer =>
        {
            bearer.Authority = citizenId.Authority;
            bearer.Audience = citizenId.Audience;
            bearer.RequireHttpsMetadata = citizenId.RequireHttpsMetadata;
            bearer.MapInboundClaims = false;
            bearer.RefreshOnIssuerKeyNotFound = true; // a key the provider rotated in is fetched once, then found
            var validation = bearer.TokenValidationParameters;
            validation.ValidAudience = citizenId.Audience;
            validation.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
            validation.RequireSignedTokens = true;
            validation.RequireExpirationTime = true;
            validation.ClockSkew = TimeSpan.FromSeconds(30);
            validation.NameClaimType = HubClaims.PersonalId;
            validation.RoleClaimType = HubClaims.Roles;
            bearer.Events = new JwtBearerEvents { OnTokenValidated = AsCitizen };
        });
        authentication.AddPolicyScheme(SelectorScheme, "The hub's bearer tokens, or the CitizenId authority's", policy =>
            policy.ForwardDefaultSelector = http => Select(http, issuer));
        return authentication;
    }

    /// <summary>
    /// The scheme for a request: a bearer token whose (unvalidated) issuer is the CitizenId authority goes to
    /// <see cref="Scheme"/>, which validates it in full; without a header, the portal's session holds that provider's
    /// token; everything else goes to the hub's own scheme. Choosing by issuer trusts nothing: the chosen scheme
    /// validates issuer, audience, lifetime and signature itself.
    /// </summary>
    private static string Select(HttpContext http, string issuer)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            var handler = new JsonWebTokenHandler();
            if (handler.CanReadToken(token))
            {
                try
                {
                    return Normalize(new JsonWebToken(token).Issuer) == issuer ? Scheme : JwtBearerDefaults.AuthenticationScheme;
                }
                catch (ArgumentException)
                {
                    // Not a JWT after all: the hub's scheme refuses it with its usual answer.
                }
            }

            return JwtBearerDefaults.AuthenticationScheme;
        }

        return http.Request.Path.StartsWithSegments(CitizenSignIn.PortalPath) ? Scheme : JwtBearerDefaults.AuthenticationScheme;
    }

    /// <summary>
    /// A token of the CitizenId authority speaks for a citizen and nothing else: whatever roles it lists are dropped and
    /// the citizen role is the only one, so the e-ID provider can never mint a steward or a department.
    /// </summary>
    private static Task AsCitizen(TokenValidatedContext context)
    {
        var claims = context.Principal!.Claims.Where(c => c.Type != HubClaims.Roles).Append(new Claim(HubClaims.Roles, HubClaims.CitizenRole));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, HubClaims.PersonalId, HubClaims.Roles));
        return Task.CompletedTask;
    }

    private static string Normalize(string issuer) => issuer.TrimEnd('/');
}
