using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DataHub.Hub.Admin;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace DataHub.Hub.Web;

/// <summary>
/// The hub's server-rendered pages (Razor components rendered by minimal endpoints as <c>RazorComponentResult</c>s):
/// one layout (<see cref="MainLayout"/>), labels from .resx files through ASP.NET Core localization, Vietnamese by
/// default and English on request (<c>?lang=en</c>, remembered in a cookie), times in the province's local time.
/// </summary>
public static class WebPages
{
    public const string LanguageCookie = "datahub.lang";

    /// <summary>The path prefixes of the pages; the IOC dashboard and the citizen portal add theirs here.</summary>
    public static IReadOnlyList<string> Paths { get; } = [StewardConsole.Path, Ioc.IocDashboard.Path, Identity.CitizenSignIn.PortalPath, Identity.LocalCitizenProvider.AuthorizePath];

    public static IServiceCollection AddDataHubWebPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        // Vietnamese stays readable in the HTML (still encoded wherever HTML needs it).
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddOptions<WebPagesOptions>()
            .BindConfiguration(WebPagesOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => IsTimeZone(options.TimeZone), $"{WebPagesOptions.SectionName}:TimeZone is not a known time zone id (e.g. Asia/Ho_Chi_Minh).")
            .ValidateOnStart();
        services.AddSingleton<LocalTime>();
        services.AddOptions<Ioc.IocDashboardOptions>().BindConfiguration(Ioc.IocDashboardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            CultureInfo[] cultures = [CultureInfo.GetCultureInfo("vi"), CultureInfo.GetCultureInfo("en")];
            options.DefaultRequestCulture = new RequestCulture("vi");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
            ];
        });
        return services;
    }

    /// <summary>The pages' language, chosen per request; a language picked with <c>?lang=</c> is remembered in a cookie.</summary>
    public static WebApplication UseDataHubWebPages(this WebApplication app)
    {
        app.UseWhen(http => Paths.Any(path => http.Request.Path.StartsWithSegments(path)), pages =>
        {
            pages.UseRequestLocalization();
            pages.Use((http, next) =>
            {
                if (http.Request.Query["lang"].ToString() is "vi" or "en" && http.Features.Get<IRequestCultureFeature>() is { } chosen)
                {
                    http.Response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(chosen.RequestCulture), new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Strict,
                        IsEssential = true,
                        Secure = http.Request.IsHttps,
                    });
                }

                return next(http);
            });
        });
        return app;
    }

    private static bool IsTimeZone(string? id)
    {
        try
        {
            return id is not null && TimeZoneInfo.FindSystemTimeZoneById(id) is not null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
