using System.Globalization;
using DataHub.Departments.LienThong;
using DataHub.Departments.PublicService.Pages;
using DataHub.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DataHub.Departments.PublicService;

/// <summary>
/// The family files once, online: a parent signs in with the citizen e-ID (OpenID Connect, code + PKCE, at the hub's
/// citizen provider — the stand-in <c>/issuer</c> in the demo — so the filer is the signed-in citizen), the form is
/// pre-filled with what the hub already knows (read with so-tu-phap's token and purpose), the filing goes to the civil
/// registry's write API, and BirthRegistered/DeathRegistered is published through the hub; the dossier page follows the
/// departments' steps. Server-rendered Razor components, Vietnamese, no JavaScript.
/// </summary>
public static class PublicServiceApp
{
    /// <summary>This app's client id at the citizen e-ID provider (registered there with its redirect URI).</summary>
    public const string CitizenClientId = "dvc-online";

    /// <summary>Where the provider sends the code back.</summary>
    public const string CallbackPath = "/signin-oidc";

    public const string SessionCookie = "dvc.session";
    private const string CookieScheme = "FilerSession";
    private const string OpenIdScheme = "CitizenId";
    private const string PersonalIdClaim = "personal_id";

    public static WebApplication Build(PublicServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "DataHub.Departments.PublicService" });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        builder.Services.AddSingleton(options);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        builder.Services.AddSingleton(new HubClient(http, options.Hub, PublicServiceOptions.Department, options.ClientSecret, TimeProvider.System));
        builder.Services.AddSingleton(new CivilRegistryClient(http, options.CivilRegistry));
        AddFilerSignIn(builder.Services, options);
        if (options.ExitWithProcessId is { } parent)
        {
            builder.Services.AddHostedService(services => new ParentProcessWatch(parent, services.GetRequiredService<IHostApplicationLifetime>()));
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/health", () => Results.Json(new { status = "ok" }));
        app.MapGet("/", (HttpContext http) => Page<PickerPage>(http, new()));
        app.MapGet("/dang-nhap", (string? next) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = "/" + (next == "khai-tu" ? "khai-tu" : "khai-sinh") }, [OpenIdScheme]));
        app.MapGet("/khai-sinh", (HttpContext http, HubClient hub, CancellationToken ct) => FormAsync<BirthPage>(http, hub, "birth-registration", ct));
        app.MapPost("/khai-sinh", FileBirthAsync);
        app.MapGet("/khai-tu", (HttpContext http, HubClient hub, CancellationToken ct) => FormAsync<DeathPage>(http, hub, "death-registration", ct));
        app.MapPost("/khai-tu", FileDeathAsync);
        app.MapGet("/ho-so/{id:guid}", DossierAsync);
        return app;
    }

    /// <summary>
    /// The filer's session: a cookie holding who signed in at the citizen e-ID provider. The provider's discovery document
    /// is under the hub's <c>/issuer</c>; its id token names the citizen (<c>personal_id</c>). The app keeps no citizen
    /// token: its calls to the hub go with so-tu-phap's own.
    /// </summary>
    private static void AddFilerSignIn(IServiceCollection services, PublicServiceOptions options) =>
        services.AddAuthentication(CookieScheme)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = SessionCookie;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax; // the provider's redirect back is a top-level GET
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                cookie.SlidingExpiration = false;
            })
            .AddOpenIdConnect(OpenIdScheme, oidc =>
            {
                oidc.SignInScheme = CookieScheme;
                oidc.Authority = new Uri(options.Hub, "/issuer").ToString();
                oidc.RequireHttpsMetadata = options.Hub.Scheme == Uri.UriSchemeHttps;
                oidc.ClientId = CitizenClientId;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.SaveTokens = false;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.CallbackPath = CallbackPath;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.TokenValidationParameters.NameClaimType = PersonalIdClaim;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });

    private static async Task<IResult> FormAsync<TPage>(HttpContext http, HubClient hub, string purpose, CancellationToken ct)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        if (Filer(http) is not { } filer)
        {
            return Results.Redirect("/");
        }

        var profile = await ProfileAsync(hub, filer, purpose, ct);
        return Page<TPage>(http, new() { ["Profile"] = profile.Data?.Citizen, ["Notices"] = Notices(profile) });
    }

    private static async Task<IResult> FileBirthAsync(HttpContext http, HubClient hub, CivilRegistryClient registry, CancellationToken ct)
    {
        if (Filer(http) is not { } filer || !await ValidFormAsync(http))
        {
            return Results.Redirect("/");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var filed = await registry.FileBirthAsync(new
        {
            childFullName = form["childFullName"].ToString(),
            dateOfBirth = form["dateOfBirth"].ToString(),
            sex = form["sex"].ToString(),
            fatherPersonalId = Optional(form["fatherPersonalId"]),
            motherPersonalId = Optional(form["motherPersonalId"]),
            place = form["place"].ToString(),
        }, ct);
        return await PublishAsync(http, hub, filed, "BirthRegistered", filed.PersonalId, filer, "birth-registration", form, ct);
    }

    private static async Task<IResult> FileDeathAsync(HttpContext http, HubClient hub, CivilRegistryClient registry, CancellationToken ct)
    {
        if (Filer(http) is not { } filer || !await ValidFormAsync(http))
        {
            return Results.Redirect("/");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var deceased = form["personalId"].ToString();
        var filed = await registry.FileDeathAsync(new { personalId = deceased, dateOfDeath = form["dateOfDeath"].ToString(), place = form["place"].ToString() }, ct);
        return await PublishAsync(http, hub, filed, "DeathRegistered", deceased, filer, "death-registration", form, ct);
    }

    /// <summary>Registered: tell the departments through the hub (with an id of our own, so a retry is not a second event), then follow the dossier.</summary>
    private static async Task<IResult> PublishAsync(
        HttpContext http, HubClient hub, CivilRegistryClient.Filed filed, string kind, string? personalId, string filer, string purpose, IFormCollection form, CancellationToken ct)
    {
        var isBirth = kind == "BirthRegistered";
        if (filed.RegistrationNumber is null || personalId is null)
        {
            var profile = await ProfileAsync(hub, filer, purpose, ct);
            var parameters = new Dictionary<string, object?>
            {
                ["Profile"] = profile.Data?.Citizen,
                ["Notices"] = Notices(profile),
                ["Error"] = $"{filed.Code}: {filed.Error}",
                ["Form"] = form.ToDictionary(f => f.Key, f => f.Value.ToString()),
            };
            return isBirth ? Page<BirthPage>(http, parameters, 400) : Page<DeathPage>(http, parameters, 400);
        }

        var id = Guid.NewGuid();
        var input = new { id, kind, personalId, relatedPersonalId = filer, registrationNumber = filed.RegistrationNumber };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var published = await hub.ExecuteAsync<PublishedEvent>(Documents.PublishFiling, new { input }, purpose, ct);
                if (!published.HasErrors)
                {
                    return Results.Redirect($"/ho-so/{id}");
                }

                return Page<MessagePage>(http, new() { ["Message"] = string.Join("; ", published.Errors!.Select(e => $"{e.Code}: {e.Message}")) }, 502);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                // the same id again: the hub stores it once
            }
        }
    }

    private static async Task<IResult> DossierAsync(HttpContext http, Guid id, HubClient hub, CancellationToken ct)
    {
        var answer = await hub.ExecuteAsync<DossierView>(Documents.Dossier, new { id }, "birth-registration", ct);
        return Page<DossierPage>(http, new() { ["Dossier"] = answer.Data?.Dossier, ["Notices"] = Notices(answer) }, answer.Data?.Dossier is null ? 404 : 200);
    }

    private static Task<GraphQLResponse<FilerProfile>> ProfileAsync(HubClient hub, string filer, string purpose, CancellationToken ct) =>
        hub.ExecuteAsync<FilerProfile>(Documents.FilerProfile, new { personalId = filer }, purpose, ct);

    /// <summary>What the hub said beside the data, as a department app shows it: the code, and what it means for the form.</summary>
    private static IReadOnlyList<string> Notices<T>(GraphQLResponse<T> response) =>
        response.Errors?.Select(e => e.Code switch
        {
            "CONSENT_REQUIRED" => $"CONSENT_REQUIRED — {Field(e)}: công dân chưa đồng ý chia sẻ thông tin này; vui lòng tự nhập nếu cần.",
            "SOURCE_UNAVAILABLE" => $"SOURCE_UNAVAILABLE — {Field(e)}: cơ sở dữ liệu nguồn tạm thời không trả lời; phần còn lại vẫn được điền sẵn.",
            _ => $"{e.Code}: {e.Message}",
        }).ToList() ?? [];

    private static string Field(GraphQLError error) => error.Path is { Count: > 0 } path ? path[^1].ToString() : "?";

    /// <summary>The signed-in citizen (from the provider's id token), or null.</summary>
    private static string? Filer(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && PersonalId.TryParse(http.User.FindFirst(PersonalIdClaim)?.Value, out var valid) ? valid.Value : null;

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();

    private static async Task<bool> ValidFormAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    private static RazorComponentResult Page<TPage>(HttpContext http, Dictionary<string, object?> parameters, int status = 200)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        parameters["Antiforgery"] = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        parameters["Filer"] = Filer(http);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    internal static string Date(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm:ss dd/MM/yyyy", CultureInfo.InvariantCulture)
            : "";
}
