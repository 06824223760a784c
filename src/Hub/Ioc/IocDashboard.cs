using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.Events;
using DataHub.Hub.Hosting;
using DataHub.Hub.Identity;
using DataHub.Hub.Statistics;
using DataHub.Hub.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Ioc;

/// <summary>
/// The IOC dashboard at <c>/ioc</c>: one panel per report form (a chart.js chart and its table), server-rendered in the
/// shared layout. Each form runs through <see cref="FormEndpoints.RunAsync"/>, the one path the <c>/ioc/forms/&lt;id&gt;.json</c>
/// endpoint takes (same pipeline, protection and audit entry). Signed in on the steward console's sign-in page
/// (<c>/steward/signin?to=ioc</c>) with an IOC or steward token, kept in its own HttpOnly cookie scoped to <c>/ioc</c>.
/// The page's script polls <c>/ioc/versions.json</c> (life events seen, forms on disk) and reloads when it changes,
/// and at the configured interval in any case.
/// </summary>
public static class IocDashboard
{
    public const string Path = "/ioc";
    public const string TokenCookie = "datahub.ioc";

    /// <summary>The dashboard's own script, copied to the output beside the assembly (relative to the content root).</summary>
    public const string ScriptFile = "Ioc/dashboard.js";

    public const string ChartScript = Path + "/chart.umd.min.js";
    public const string DashboardScript = Path + "/dashboard.js";

    /// <summary>Sign-out (a form post from the dashboard): clears the /ioc cookie and goes back to the sign-in page.</summary>
    public const string SignOutPath = "/signout";

    /// <summary>Who may see the dashboard: a steward, or the aggregate-only IOC department.</summary>
    public static bool MaySee(HubPrincipal principal) =>
        principal.Kind == PrincipalKind.Steward || principal is { Kind: PrincipalKind.Department, DepartmentCode: "ioc" };

    public static WebApplication MapIocDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var chartJs = System.IO.Path.Combine(options.ResolvePath(app.Environment.ContentRootPath, options.ChartJsDirectory), "chart.umd.min.js");
        var script = System.IO.Path.Combine(app.Environment.ContentRootPath, ScriptFile);

        // The two script files: same-origin, as the page's Content-Security-Policy requires; nothing secret in them.
        app.MapGet(ChartScript, () => File.Exists(chartJs)
            ? Results.File(chartJs, "text/javascript; charset=utf-8")
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "chart.js is missing.",
                detail: "chart.js is fetched from npm by 'dotnet build' (src/Hub/Ioc); build src/Hub once with npm available."));
        app.MapGet(DashboardScript, () => Results.File(script, "text/javascript; charset=utf-8"));

        var pages = app.MapGroup(Path).AddEndpointFilter(RequireSignedInAsync);
        pages.MapGet("/", DashboardAsync);
        pages.MapGet("/versions.json", (LifeEventSignal signal, ReportForms forms) => Results.Json(new { version = Version(signal, forms) }));
        pages.MapPost(SignOutPath, SignOut);
        return app;
    }

    private static async ValueTask<object?> RequireSignedInAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HubCaller.Of(http)?.Principal is not { } principal || !MaySee(principal))
        {
            if (http.Request.Path.StartsWithSegments(Path + "/versions.json"))
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            http.Response.Cookies.Delete(TokenCookie, new CookieOptions { Path = Path });
            return Results.Redirect(StewardConsole.Path + "/signin?to=ioc");
        }

        return await next(context);
    }

    // The console's antiforgery cookie is scoped to /steward, so this post is checked by where it came from instead: a
    // browser says so in Sec-Fetch-Site (and Origin, which is "null" under the pages' no-referrer policy); a post from
    // another site is refused. The token cookie is SameSite=Strict as well.
    private static IResult SignOut(HttpContext http)
    {
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        var origin = http.Request.Headers.Origin.ToString();
        if ((site.Length > 0 && site is not ("same-origin" or "none"))
            || (origin.Length > 0 && origin != "null" && !string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase)))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        http.Response.Cookies.Delete(TokenCookie, new CookieOptions { Path = Path });
        return Results.Redirect(StewardConsole.Path + "/signin?to=ioc");
    }

    /// <summary>Changes when a life event arrives (the statistics cache is dropped then) or a form file changes.</summary>
    public static string Version(LifeEventSignal signal, ReportForms forms)
    {
        var shape = string.Join('\n', forms.All.Select(f => $"{f.Id}|{f.Figure}|{string.Join(',', f.GroupBy)}|{f.Where?.ToJsonString()}|{f.Chart}|{f.TitleVi}|{f.TitleEn}"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..12].ToLowerInvariant();
        return signal.Generation.ToString(CultureInfo.InvariantCulture) + "-" + hash;
    }

    private static async Task<RazorComponentResult> DashboardAsync(
        HttpContext http, ReportForms forms, LifeEventSignal signal, LocalTime time, IOptions<IocDashboardOptions> options)
    {
        var version = Version(signal, forms); // before the runs: an event during them makes the next poll reload
        var panels = new List<DashboardPanel>();
        foreach (var form in forms.All)
        {
            panels.Add(DashboardPanel.Of(await FormEndpoints.RunAsync(http, form)));
        }

        var principal = HubCaller.Of(http)!.Principal!;
        return new RazorComponentResult<DashboardPage>(new Dictionary<string, object?>
        {
            ["Panels"] = panels,
            ["User"] = principal.Kind == PrincipalKind.Steward ? principal.Name ?? principal.Subject : principal.DepartmentCode,
            ["Time"] = time,
            ["Version"] = version,
            ["Options"] = options.Value,
        });
    }
}

/// <summary>The dashboard's refresh (section <c>Ioc</c>).</summary>
public sealed class IocDashboardOptions
{
    public const string SectionName = "Ioc";

    /// <summary>The page reloads this often in any case (seconds).</summary>
    [System.ComponentModel.DataAnnotations.Range(5, 86_400)]
    public int RefreshSeconds { get; set; } = 300;

    /// <summary>How often the page asks <c>/ioc/versions.json</c> whether a life event arrived or a form changed (seconds).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3_600)]
    public int PollSeconds { get; set; } = 15;
}

/// <summary>One form's panel: the published table as the form endpoint answers it, or why it could not run.</summary>
public sealed record DashboardPanel(
    ReportForm Form, IReadOnlyList<string> Dimensions, IReadOnlyList<DashboardCell> Cells, DashboardCell? Total, DateTime? ComputedAt,
    bool HasSum, string? Error)
{
    public static DashboardPanel Of(FormRun run)
    {
        if (!run.Succeeded)
        {
            return new DashboardPanel(run.Form, [], [], null, null, false, $"{run.ErrorCode}: {run.ErrorMessage}");
        }

        var table = run.Table!;
        var cells = table["cells"]!.AsArray().Select(c => Cell(c!)).ToList();
        var total = Cell(table["total"]!);
        var computedAt = DateTimeOffset.Parse(table["computedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime;
        return new DashboardPanel(run.Form, table["dimensions"]!.AsArray().Select(d => d!.GetValue<string>()).ToList(), cells, total, computedAt,
            cells.Any(c => c.Sum is not null) || total.Sum is not null, null);
    }

    private static DashboardCell Cell(JsonNode cell) => new(
        (cell["keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>()).ToList(),
        cell["count"]?.GetValue<long>(),
        cell["sum"]?.GetValue<double>(),
        cell["suppression"]?.GetValue<string>());
}

public sealed record DashboardCell(IReadOnlyList<string?> Keys, long? Count, double? Sum, string? Suppression);

/// <summary>The dashboard's labels (<c>Resources/Ioc/DashboardText.resx</c>: Vietnamese, <c>.en.resx</c>: English).</summary>
public sealed class DashboardText;
