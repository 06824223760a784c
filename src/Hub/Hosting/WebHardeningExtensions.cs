using System.Net;
using System.Security.Cryptography;
using System.Text;
using DataHub.Hub.Web;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>
/// What a hub behind a TLS proxy needs: the client's scheme and address from trusted proxies only (so the console's
/// cookie stays <c>Secure</c>), HSTS outside Development, and security headers on the steward console.
/// </summary>
public static class WebHardeningExtensions
{
    public static IServiceCollection AddDataHubWebHardening(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .BindConfiguration(ForwardedHeadersSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var trusted = settings.Value;
            if (trusted.KnownProxies.Count + trusted.KnownNetworks.Count == 0)
            {
                return; // the framework's default: loopback only
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: later middleware (cookies, rate limits, audit) sees the client, not the proxy.</summary>
    public static WebApplication UseDataHubWebHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // sent on HTTPS only, and never for localhost
        }

        app.UseWhen(http => WebPages.Paths.Any(path => http.Request.Path.StartsWithSegments(path)), pages => pages.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(Ioc.IocDashboard.Path) ? DashboardPolicy : ConsolePolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(http);
        }));
        return app;
    }

    // The pages are server-rendered HTML with forms and one inline stylesheet (allowed by its hash); no script at all.
    private static readonly string ConsolePolicy =
        "default-src 'none'; " +
        $"style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(PageStyle.Css)))}' " +
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Portal.PortalStyle.Css)))}'; " + // the citizen portal's own

        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    // The IOC dashboard adds its two same-origin script files (chart.js and its own) and the poll of its versions; still no inline script.
    private static readonly string DashboardPolicy = ConsolePolicy + "; script-src 'self'; connect-src 'self'";
}
