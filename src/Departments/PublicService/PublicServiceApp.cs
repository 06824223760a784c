using System.Globalization;
using DataHub.Departments.LienThong;
using DataHub.Departments.PublicService.Pages;
using DataHub.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataHub.Departments.PublicService;

/// <summary>
/// The family files once, online: a parent signs in (a demo picker until the citizen sign-in lands), the form is
/// pre-filled with what the hub already knows (read with so-tu-phap's token and purpose), the filing goes to the civil
/// registry's write API, and BirthRegistered/DeathRegistered is published through the hub; the dossier page follows the
/// departments' steps. Server-rendered Razor components, Vietnamese, no JavaScript.
/// </summary>
public static class PublicServiceApp
{
    public const string FilerCookie = "dvc.filer";

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
        if (options.ExitWithProcessId is { } parent)
        {
            builder.Services.AddHostedService(services => new ParentProcessWatch(parent, services.GetRequiredService<IHostApplicationLifetime>()));
        }

        var app = builder.Build();
        app.MapGet("/health", () => Results.Json(new { status = "ok" }));
        app.MapGet("/", (HttpContext http) => Page<PickerPage>(http, new()));
        app.MapPost("/dang-nhap", (Delegate)SignInAsync);
        app.MapGet("/khai-sinh", (HttpContext http, HubClient hub, CancellationToken ct) => FormAsync<BirthPage>(http, hub, "birth-registration", ct));
        app.MapPost("/khai-sinh", FileBirthAsync);
        app.MapGet("/khai-tu", (HttpContext http, HubClient hub, CancellationToken ct) => FormAsync<DeathPage>(http, hub, "death-registration", ct));
        app.MapPost("/khai-tu", FileDeathAsync);
        app.MapGet("/ho-so/{id:guid}", DossierAsync);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        if (!await ValidFormAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!PersonalId.TryParse(form["personalId"].ToString().Trim(), out var id, out _))
        {
            return Page<PickerPage>(http, new() { ["Error"] = "INVALID_PERSONAL_ID: số định danh cá nhân gồm 12 chữ số." }, 400);
        }

        // REVIEW: a demo picker, not a sign-in: the citizen OIDC sign-in (e-ID level 2) replaces it when it lands.
        http.Response.Cookies.Append(FilerCookie, id.Value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
        return Results.Redirect("/" + (form["next"] == "khai-tu" ? "khai-tu" : "khai-sinh"));
    }

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

    private static string? Filer(HttpContext http) =>
        http.Request.Cookies[FilerCookie] is { } id && PersonalId.TryParse(id, out var valid) ? valid.Value : null;

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
