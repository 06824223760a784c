using System.Text.Json;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace DataHub.Hub.Identity;

/// <summary>
/// Authentication: Microsoft Entra ID through Microsoft.Identity.Web in production (<c>Identity:Mode=EntraId</c>,
/// section <c>AzureAd</c>), the local issuer by default. Both run the same JwtBearer handler and read the same claims.
/// </summary>
public static class IdentityServiceExtensions
{
    public static IServiceCollection AddDataHubIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(IdentityOptions.SectionName).Get<IdentityOptions>() ?? new IdentityOptions();
        services.AddSingleton(options);
        services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IHostEnvironment>(
                (identity, environment) => identity.UsesEntraId || identity.LocalIssuer.AllowInProduction || !environment.IsProduction(),
                "The local token issuer does not run in the Production environment: its key file on this host can mint any token. " +
                "Configure Microsoft Entra ID (Identity:Mode=EntraId and section AzureAd), or, if a local issuer in production is " +
                "really meant, set Identity:LocalIssuer:AllowInProduction=true.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            // Through IOptions, so the `token` command is refused in Production just as the server is.
            var identity = sp.GetRequiredService<IOptions<IdentityOptions>>().Value;
            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory);
            return new LocalIssuer(identity.LocalIssuer, dataDirectory, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<PrincipalResolver>();
        services.AddSingleton<ClientCredentials>();
        services.AddDataHubCitizenSignIn(configuration); // issue 17: the portal's OpenID Connect sign-in and citizens' consent

        if (options.UsesEntraId)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApi(configuration, "AzureAd");
        }
        else
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            services.AddHostedService<LocalIssuerStartupCheck>(); // a bad key file stops the start, not the first request
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<LocalIssuer>((bearer, issuer) => bearer.TokenValidationParameters = issuer.ValidationParameters());
        }

        // An external CitizenId authority's access tokens: their own JwtBearer scheme, chosen by the token's issuer.
        var citizenId = configuration.GetSection(CitizenIdOptions.SectionName).Get<CitizenIdOptions>() ?? new CitizenIdOptions();
        var bearerSchemes = new List<string> { JwtBearerDefaults.AuthenticationScheme };
        if (!citizenId.UsesLocalProvider && citizenId.Audience is { Length: > 0 } && Uri.TryCreate(citizenId.Authority, UriKind.Absolute, out _))
        {
            services.AddAuthentication(CitizenBearer.SelectorScheme).AddCitizenIdBearer(citizenId);
            bearerSchemes.Add(CitizenBearer.Scheme);
        }

        foreach (var scheme in bearerSchemes)
        {
            // Every bearer scheme: claims keep their token names (roles, azp), and refusals answer in GraphQL's error shape.
            services.PostConfigure<JwtBearerOptions>(scheme, HubBearerEvents);

            // Every bearer scheme: a token validated once is not validated again until it expires (ValidatedTokenCache).
            services.AddOptions<JwtBearerOptions>(scheme).PostConfigure<TimeProvider>((bearer, clock) =>
            {
                var handlers = bearer.TokenHandlers.Select(h => h is ValidatedTokenCache ? h : new ValidatedTokenCache(h, clock)).ToList();
                bearer.TokenHandlers.Clear();
                handlers.ForEach(bearer.TokenHandlers.Add);
            });
        }

        services.AddAuthorization();
        services.AddHubPolicies();
        return services;
    }

    private static void HubBearerEvents(JwtBearerOptions bearer)
    {
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters.RoleClaimType = HubClaims.Roles;
        var previous = bearer.Events?.OnChallenge;
        bearer.Events ??= new JwtBearerEvents();
        var received = bearer.Events.OnMessageReceived;
        bearer.Events.OnMessageReceived = async context =>
        {
            await received(context);

            // The steward console keeps the steward's token in an HttpOnly cookie; on its pages that cookie is
            // the bearer token, validated by this same handler.
            if (context.Token is null && !context.Request.Headers.ContainsKey("Authorization")
                && context.Request.Path.StartsWithSegments(Admin.StewardConsole.Path))
            {
                context.Token = context.Request.Cookies[Admin.StewardConsole.TokenCookie]?.Trim();
            }

            // The IOC dashboard keeps its token (IOC or steward, signed in on the console's sign-in page) the same way.
            if (context.Token is null && !context.Request.Headers.ContainsKey("Authorization")
                && context.Request.Path.StartsWithSegments(Ioc.IocDashboard.Path))
            {
                context.Token = context.Request.Cookies[Ioc.IocDashboard.TokenCookie]?.Trim();
            }

            // The citizen portal's session keeps the citizen's access token: on its pages that is the bearer token.
            if (context.Token is null && !context.Request.Headers.ContainsKey("Authorization"))
            {
                context.Token = await CitizenSignIn.PortalTokenAsync(context.HttpContext);
            }
        };
        bearer.Events.OnChallenge = async context =>
        {
            if (previous is not null)
            {
                await previous(context);
            }

            context.HandleResponse();
            // Why, without the token's contents (the handler's own description quotes its audience and issuer).
            var refusal = BearerRefusal.Of(context.AuthenticateFailure, context.Request.Headers.Authorization);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = refusal.Challenge;
            await WriteErrorAsync(context.Response, ErrorCodes.Unauthenticated, refusal.Message);
        };
    }

    /// <summary>Writes <c>{ "errors": [{ "message", "extensions": { "code" } }] }</c>, the shape every caller already parses.</summary>
    public static Task WriteErrorAsync(HttpResponse response, string code, string message)
    {
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { message, extensions = new { code } } } }));
    }
}
