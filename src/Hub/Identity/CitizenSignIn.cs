using System.Globalization;
using System.Net;
using System.Text.Json;
using DataHub.Hub.Access;
using DataHub.Hub.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DataHub.Hub.Identity;

/// <summary>
/// Citizen sign-in for the portal (<c>/me</c>): ASP.NET Core's OpenID Connect handler (authorization code + PKCE) with a
/// cookie session that keeps the provider's tokens. The portal's requests carry the citizen's access token as their
/// bearer token (read from the session by the JwtBearer handler), so the caller is resolved once, like any other —
/// level included — and a token that expired, has the wrong audience or no level is refused the same way. The short
/// access token is refreshed with the refresh token as it nears its end; sign-out ends the session.
/// </summary>
public static class CitizenSignIn
{
    public const string CookieScheme = "CitizenPortal";
    public const string OpenIdScheme = "CitizenId";
    public const string PortalPath = "/me";
    public const string SessionCookie = "datahub.citizen";

    /// <summary>Refresh the access token when it has less than this left.</summary>
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddDataHubCitizenSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CitizenIdOptions>().BindConfiguration(CitizenIdOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.UsesLocalProvider || Uri.TryCreate(o.Authority, UriKind.Absolute, out _), "CitizenId:Authority is not an absolute URL.")
            .Validate(o => o.UsesLocalProvider || !string.IsNullOrWhiteSpace(o.Audience),
                "CitizenId:Audience is required with CitizenId:Authority: the audience of the provider's access tokens the hub accepts.")
            .Validate(o => o.UsesLocalProvider || !o.RequireHttpsMetadata || o.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "CitizenId:Authority must be an https URL (CitizenId:RequireHttpsMetadata=false only for a provider on loopback).")
            .ValidateOnStart();
        services.AddSingleton<LocalCitizenProvider>();
        services.AddDataHubFormLimits(); // the token endpoints', the sign-in page's and the portal's form posts
        services.AddSingleton<CitizenConsents>();
        services.AddSingleton<Portal.CitizenNotificationStream>(); // myNotifications on the subscription transports
        var citizenId = configuration.GetSection(CitizenIdOptions.SectionName).Get<CitizenIdOptions>() ?? new CitizenIdOptions();

        services.AddAuthentication()
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = SessionCookie;
                cookie.Cookie.Path = PortalPath;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax; // the provider's redirect back is a top-level GET
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.IsEssential = true;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(citizenId.RefreshTokenMinutes);
                cookie.SlidingExpiration = false;
                cookie.Events.OnValidatePrincipal = RefreshAsync;
            })
            .AddOpenIdConnect(OpenIdScheme, oidc =>
            {
                oidc.SignInScheme = CookieScheme;
                oidc.ClientId = citizenId.ClientId;
                oidc.ClientSecret = citizenId.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.CallbackPath = LocalCitizenProvider.CallbackPath;
                oidc.SignedOutCallbackPath = PortalPath + "/signout-callback-oidc";
                oidc.Scope.Clear();
                foreach (var scope in citizenId.ScopeList)
                {
                    oidc.Scope.Add(scope);
                }

                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.TokenValidationParameters.NameClaimType = HubClaims.PersonalId;
                if (!citizenId.UsesLocalProvider)
                {
                    // Its access tokens are the portal's bearer tokens, validated by their own scheme (CitizenBearer).
                    oidc.Authority = citizenId.Authority;
                    oidc.RequireHttpsMetadata = citizenId.RequireHttpsMetadata;
                }
            });

        if (citizenId.UsesLocalProvider)
        {
            // The stand-in provider is this hub: its configuration is known here, and the token endpoint is called in
            // process (the handler's back channel), so no request loops back through the network.
            services.AddOptions<OpenIdConnectOptions>(OpenIdScheme).Configure<LocalIssuer, LocalCitizenProvider>((oidc, issuer, provider) =>
            {
                oidc.RequireHttpsMetadata = false;
                oidc.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = issuer.Issuer,
                    AuthorizationEndpoint = BackchannelOrigin + LocalCitizenProvider.AuthorizePath,
                    TokenEndpoint = BackchannelOrigin + LocalCitizenProvider.TokenPath,
                };
                oidc.Configuration.SigningKeys.Add(issuer.Key);
                oidc.BackchannelHttpHandler = new LocalProviderBackchannel(provider);
                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The browser goes to this hub's own sign-in page, on the host it asked.
                    var request = context.Request;
                    context.ProtocolMessage.IssuerAddress = $"{request.Scheme}://{request.Host}{request.PathBase}{LocalCitizenProvider.AuthorizePath}";
                    return Task.CompletedTask;
                };
            });
        }

        return services;
    }

    /// <summary>The stand-in provider's endpoints: discovery, keys, the sign-in page and the token endpoint.</summary>
    public static IEndpointRouteBuilder MapLocalCitizenProvider(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<CitizenIdOptions>>().Value.UsesLocalProvider)
        {
            return app;
        }

        app.MapGet(LocalCitizenProvider.DiscoveryPath, (HttpContext http, LocalCitizenProvider provider) => Results.Json(provider.Discovery(http.Request)));
        app.MapGet(LocalCitizenProvider.KeysPath, (LocalCitizenProvider provider) => Results.Json(provider.Keys()));
        app.MapGet(LocalCitizenProvider.AuthorizePath, Portal.ProviderSignIn.ShowAsync);
        app.MapPost(LocalCitizenProvider.AuthorizePath, Portal.ProviderSignIn.SubmitAsync).WithFormLimits();
        app.MapPost(LocalCitizenProvider.TokenPath, async (HttpContext http, LocalCitizenProvider provider) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return Results.Json(new { error = "invalid_request", error_description = "send application/x-www-form-urlencoded" }, statusCode: 400);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var (status, body) = provider.Token(form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(body, statusCode: status);
        }).DisableAntiforgery().WithFormLimits();
        return app;
    }

    /// <summary>
    /// On portal paths, the session's access token is the request's bearer token (called by the JwtBearer handler when
    /// no Authorization header came): reading the session refreshes the token when it nears its end.
    /// </summary>
    public static async Task<string?> PortalTokenAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(PortalPath) || http.Request.Path.StartsWithSegments(LocalCitizenProvider.CallbackPath))
        {
            return null;
        }

        var session = await http.AuthenticateAsync(CookieScheme);
        return session.Succeeded ? session.Properties?.GetTokenValue("access_token") : null;
    }

    /// <summary>Ends the portal session (the provider's own session is the provider's: the stand-in keeps none).</summary>
    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(CookieScheme);

    private const string BackchannelOrigin = "http://local-citizen-provider";

    private static async Task RefreshAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires)
            || expires - TimeProvider.System.GetUtcNow() > RefreshBefore)
        {
            return;
        }

        var refresh = properties.GetTokenValue("refresh_token");
        var oidc = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdScheme);
        if (refresh is null || oidc.ConfigurationManager is null)
        {
            return; // the access token runs out, and the portal signs in again
        }

        var configuration = await oidc.ConfigurationManager.GetConfigurationAsync(context.HttpContext.RequestAborted);
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["client_id"] = oidc.ClientId! };
        if (oidc.ClientSecret is { Length: > 0 } secret)
        {
            form["client_secret"] = secret;
        }

        using var response = await oidc.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form), context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            context.RejectPrincipal(); // refused: the session ends, and the portal signs in again
            return;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
        var root = json.RootElement;
        properties.UpdateTokenValue("access_token", root.GetProperty("access_token").GetString()!);
        if (root.TryGetProperty("refresh_token", out var rotated) && rotated.GetString() is { } next)
        {
            properties.UpdateTokenValue("refresh_token", next);
        }

        var lifetime = root.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300;
        properties.UpdateTokenValue("expires_at", TimeProvider.System.GetUtcNow().AddSeconds(lifetime).ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    /// <summary>The OpenID Connect handler's back channel to the stand-in provider, answered in process.</summary>
    private sealed class LocalProviderBackchannel(LocalCitizenProvider provider) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != LocalCitizenProvider.TokenPath || request.Content is null)
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
            var (status, answer) = provider.Token(form);
            return new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(JsonSerializer.Serialize(answer), System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
