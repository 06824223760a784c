using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using GraphQL;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Admin;

/// <summary>The labels of the steward console (<c>Resources/Admin/ConsoleText.resx</c>: Vietnamese, <c>.en.resx</c>: English).</summary>
public sealed class ConsoleText;

/// <summary>
/// The steward console at <c>/steward</c>: server-rendered HTML over the admin API (every read and change runs
/// through <see cref="AdminGraphQL"/>, so the console and the API give the same answers and errors). A steward
/// signs in by pasting a token, validated exactly as a bearer token is, kept in an HttpOnly, SameSite=Strict
/// cookie. Every form carries an antiforgery token. Vietnamese by default; <c>?lang=en</c> switches.
/// </summary>
public static class StewardConsole
{
    public const string Path = "/steward";
    public const string TokenCookie = "datahub.steward";
    public const string LanguageCookie = "datahub.lang";
    private const string PrincipalItem = "datahub.console.principal";
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal static void Map(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Path).AddEndpointFilter(ChooseLanguageAsync);
        open.MapGet("/signin", (HttpContext http) => SignInPage(http, null, StatusCodes.Status200OK));
        open.MapPost("/signin", Handler(http => SignInAsync(http)));

        var pages = app.MapGroup(Path).AddEndpointFilter(ChooseLanguageAsync).AddEndpointFilter(RequireStewardAsync);
        pages.MapGet("/", Handler(http => DepartmentsAsync(http)));
        pages.MapGet("/matrix", Handler(http => MatrixAsync(http)));
        pages.MapGet("/requests", Handler(http => RequestsAsync(http, null)));
        pages.MapPost("/requests/{id:int}/approve", (HttpContext http, int id) => DecideAsync(http, id, approve: true));
        pages.MapPost("/requests/{id:int}/reject", (HttpContext http, int id) => DecideAsync(http, id, approve: false));
        pages.MapGet("/grants", Handler(http => GrantsAsync(http, null)));
        pages.MapGet("/grants/{id:int}", (HttpContext http, int id) => GrantAsync(http, id, null));
        pages.MapPost("/grants/{id:int}/revoke", (HttpContext http, int id) => RevokeAsync(http, id));
        pages.MapGet("/changes", Handler(http => ChangesAsync(http)));
        pages.MapGet("/audit", Handler(http => AuditAsync(http)));
        pages.MapGet("/citizen", Handler(http => CitizenAsync(http)));
        pages.MapGet("/quality", Handler(http => QualityAsync(http)));
        pages.MapPost("/signout", Handler(async http =>
        {
            if (!await ValidFormAsync(http))
            {
                return BadForm(http);
            }

            http.Response.Cookies.Delete(TokenCookie, new CookieOptions { Path = Path });
            return Results.Redirect(Path + "/signin");
        }));
    }

    /// <summary>A handler that takes only the HttpContext but returns a result (not a bare RequestDelegate).</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    // ---- sign-in, language, antiforgery ----

    private static async ValueTask<object?> ChooseLanguageAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var lang = http.Request.Query["lang"].ToString();
        if (lang is "vi" or "en")
        {
            http.Response.Cookies.Append(LanguageCookie, lang, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = Path,
                IsEssential = true,
                Secure = http.Request.IsHttps,
            });
        }
        else
        {
            lang = http.Request.Cookies[LanguageCookie] == "en" ? "en" : "vi";
        }

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(lang);
        return await next(context);
    }

    private static async ValueTask<object?> RequireStewardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // The cookie's token was validated and its caller resolved with every other request (JwtBearer reads it on
        // console paths; CallerResolution resolves it): the console only checks the result.
        var http = context.HttpContext;
        if (HubCaller.Of(http)?.Principal is not { Kind: PrincipalKind.Steward } principal)
        {
            http.Response.Cookies.Delete(TokenCookie, new CookieOptions { Path = Path });
            return Results.Redirect(Path + "/signin");
        }

        http.Items[PrincipalItem] = principal;
        return await next(context);
    }

    /// <summary>
    /// The token goes through the same JwtBearer handler as an API call (local issuer or Entra ID). The request has
    /// already been authenticated once, without a header, and the handler keeps that result; so the token is
    /// presented on a probe request of its own scope, which gets a fresh handler.
    /// </summary>
    private static async Task<HubPrincipal?> StewardFromTokenAsync(HttpContext http, string token)
    {
        await using var scope = http.RequestServices.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = "Bearer " + token.Trim();
        var result = await probe.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return null;
        }

        var (principal, _) = await scope.ServiceProvider.GetRequiredService<PrincipalResolver>().ResolveAsync(result.Principal, http.RequestAborted);
        return principal?.Kind == PrincipalKind.Steward ? principal : null;
    }

    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var token = (await http.Request.ReadFormAsync(http.RequestAborted))["token"].ToString().Trim();
        if (token.Length == 0 || await StewardFromTokenAsync(http, token) is null)
        {
            return SignInPage(http, T("SignIn_Refused"), StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(TokenCookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = Path,
            IsEssential = true,
            Secure = http.Request.IsHttps,
        });
        return Results.Redirect(Path + "/matrix");
    }

    private static IResult SignInPage(HttpContext http, string? error, int status)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(H(T("SignIn"))).Append("</h1>");
        if (error is not null)
        {
            body.Append("<p class=error role=alert>").Append(H(error)).Append("</p>");
        }

        body.Append(Form(http, Path + "/signin",
            $"<label for=token>{H(T("SignIn_Token"))}</label><textarea id=token name=token rows=6 cols=80 required></textarea>" +
            $"<p class=help>{H(T("SignIn_Help"))}</p>", T("SignIn"), "signin"));
        return Page(http, T("SignIn"), body.ToString(), status, signedIn: false);
    }

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

    private static IResult BadForm(HttpContext http) =>
        Page(http, T("Error"), $"<p class=error role=alert>{H(T("BadForm"))}</p>", StatusCodes.Status400BadRequest, signedIn: false);

    // ---- pages ----

    private static async Task<IResult> DepartmentsAsync(HttpContext http)
    {
        var result = await RunAsync(http, "{ departments { code name owningAgency isActive } purposes { code name legalBasis departments } }");
        var body = new StringBuilder(Banner(http, result));
        body.Append("<h1>").Append(H(T("Nav_Departments"))).Append("</h1><table><thead><tr>")
            .Append(Th("Code", "Name", "OwningAgency", "Active")).Append("</tr></thead><tbody>");
        foreach (var d in Items(result, "departments"))
        {
            body.Append("<tr><td><code>").Append(H(S(d, "code"))).Append("</code></td><td>").Append(H(S(d, "name")))
                .Append("</td><td>").Append(H(S(d, "owningAgency"))).Append("</td><td>")
                .Append(H(T(d?["isActive"]?.GetValue<bool>() == true ? "Yes" : "No"))).Append("</td></tr>");
        }

        body.Append("</tbody></table><h2>").Append(H(T("Purposes"))).Append("</h2><table><thead><tr>")
            .Append(Th("Code", "Name", "LegalBasis", "Nav_Departments")).Append("</tr></thead><tbody>");
        foreach (var p in Items(result, "purposes"))
        {
            body.Append("<tr><td><code>").Append(H(S(p, "code"))).Append("</code></td><td>").Append(H(S(p, "name"))).Append("</td><td>")
                .Append(H(S(p, "legalBasis"))).Append("</td><td>").Append(H(string.Join(", ", Strings(p?["departments"])))).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Page(http, T("Nav_Departments"), body.ToString());
    }

    private static async Task<IResult> MatrixAsync(HttpContext http)
    {
        var result = await RunAsync(http, "{ departments { code name isActive } fieldClassifications { field class } grants { id department field purpose live } }");
        var type = http.Request.Query["type"].ToString() is { Length: > 0 } t ? t : "Citizen";
        var fields = Items(result, "fieldClassifications").Select(f => (Field: S(f, "field"), Class: S(f, "class"))).ToList();
        var types = fields.Select(f => f.Field.Split('.')[0]).Distinct().Order(StringComparer.Ordinal).ToList();
        var departments = Items(result, "departments").Where(d => d?["isActive"]?.GetValue<bool>() == true).Select(d => S(d, "code")).ToList();
        var grants = Items(result, "grants").Where(g => g?["live"]?.GetValue<bool>() == true)
            .ToLookup(g => (S(g, "department"), S(g, "field")), g => S(g, "purpose"));

        var body = new StringBuilder(Banner(http, result));
        body.Append("<h1>").Append(H(T("Nav_Matrix"))).Append("</h1><p class=help>").Append(H(T("Matrix_Legend"))).Append("</p>");
        body.Append("<form method=get action=\"").Append(Path).Append("/matrix\"><label for=type>").Append(H(T("Type"))).Append("</label> <select id=type name=type>");
        foreach (var name in types)
        {
            body.Append("<option").Append(name == type ? " selected" : "").Append('>').Append(H(name)).Append("</option>");
        }

        body.Append("</select> <button>").Append(H(T("Show"))).Append("</button></form>");
        body.Append("<table class=matrix id=matrix><thead><tr><th>").Append(H(T("Field"))).Append("</th>");
        foreach (var department in departments)
        {
            body.Append("<th><code>").Append(H(department)).Append("</code></th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var (field, fieldClass) in fields.Where(f => f.Field.StartsWith(type + ".", StringComparison.Ordinal)))
        {
            body.Append("<tr><th><code>").Append(H(field)).Append("</code></th>");
            foreach (var department in departments)
            {
                var purposes = grants[(department, field)].Distinct().ToList();
                var (css, label) = fieldClass switch
                {
                    "NEVER" => ("never", T("Class_Never")),
                    "BASELINE" => ("baseline", T("Class_Baseline")),
                    _ when purposes.Count > 0 => ("granted", T(fieldClass == "CONSENT_REQUIRED" ? "Class_GrantedConsent" : "Class_Granted")),
                    "CONSENT_REQUIRED" => ("consent", T("Class_ConsentRequired")),
                    _ => ("none", "—"),
                };
                body.Append("<td class=").Append(css).Append(" data-department=\"").Append(H(department)).Append("\" data-field=\"").Append(H(field)).Append("\">");
                if (purposes.Count > 0)
                {
                    body.Append("<a href=\"").Append(Path).Append("/grants?department=").Append(Url(department)).Append("&amp;field=").Append(Url(field))
                        .Append("\" title=\"").Append(H(string.Join(", ", purposes))).Append("\">").Append(H(label)).Append("</a>");
                }
                else
                {
                    body.Append(H(label));
                }

                body.Append("</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</tbody></table>");
        return Page(http, T("Nav_Matrix"), body.ToString());
    }

    private static async Task<IResult> RequestsAsync(HttpContext http, JsonNode? failed, int status = StatusCodes.Status200OK)
    {
        var result = await RunAsync(http,
            "{ accessRequests { id department fields purpose justification requestedAt status decidedBy decidedAt reason legalBasis validTo grantIds version } purposes { code legalBasis } }");
        var legalBases = Items(result, "purposes").ToDictionary(p => S(p, "code"), p => S(p, "legalBasis"));
        var requests = Items(result, "accessRequests").ToList();
        var body = new StringBuilder(Banner(http, failed ?? result));
        body.Append("<h1>").Append(H(T("Nav_Requests"))).Append("</h1><h2>").Append(H(T("Pending"))).Append("</h2>");
        var pending = requests.Where(r => S(r, "status") == "PENDING").ToList();
        if (pending.Count == 0)
        {
            body.Append("<p>").Append(H(T("NoPending"))).Append("</p>");
        }

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var r in pending)
        {
            var id = S(r, "id");
            body.Append("<section class=request id=\"request-").Append(H(id)).Append("\"><h3>#").Append(H(id)).Append(" · <code>").Append(H(S(r, "department")))
                .Append("</code></h3><dl><dt>").Append(H(T("Fields"))).Append("</dt><dd><code>").Append(H(string.Join(", ", Strings(r?["fields"]))))
                .Append("</code></dd><dt>").Append(H(T("Purpose"))).Append("</dt><dd><code>").Append(H(S(r, "purpose")))
                .Append("</code></dd><dt>").Append(H(T("Justification"))).Append("</dt><dd>").Append(H(S(r, "justification")))
                .Append("</dd><dt>").Append(H(T("RequestedAt"))).Append("</dt><dd>").Append(H(S(r, "requestedAt"))).Append("</dd></dl>");
            var version = $"<input type=hidden name=version value=\"{H(S(r, "version"))}\">";
            body.Append("<div class=decide>");
            body.Append(Form(http, $"{Path}/requests/{id}/approve", version +
                Input("legalBasis", T("LegalBasis"), legalBases.GetValueOrDefault(S(r, "purpose")) ?? "", required: true) +
                Input("validFrom", T("ValidFrom"), today, type: "date") + Input("validTo", T("ValidTo"), "", type: "date") +
                Input("reason", T("Reason"), ""), T("Approve"), "approve"));
            body.Append(Form(http, $"{Path}/requests/{id}/reject", version + Input("reason", T("Reason"), "", required: true), T("Reject"), "reject"));
            body.Append("</div></section>");
        }

        body.Append("<h2>").Append(H(T("Decided"))).Append("</h2><table><thead><tr>")
            .Append(Th("Id", "Department", "Fields", "Purpose", "Status", "Actor", "At", "Reason")).Append("</tr></thead><tbody>");
        foreach (var r in requests.Where(r => S(r, "status") != "PENDING").Reverse().Take(50))
        {
            body.Append("<tr><td>").Append(H(S(r, "id"))).Append("</td><td><code>").Append(H(S(r, "department"))).Append("</code></td><td><code>")
                .Append(H(string.Join(", ", Strings(r?["fields"])))).Append("</code></td><td><code>").Append(H(S(r, "purpose"))).Append("</code></td><td>")
                .Append(H(T("Status_" + S(r, "status")))).Append("</td><td>").Append(H(S(r, "decidedBy"))).Append("</td><td>").Append(H(S(r, "decidedAt")))
                .Append("</td><td>").Append(H(S(r, "reason"))).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Page(http, T("Nav_Requests"), body.ToString(), status);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, int id, bool approve)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var variables = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["version"] = IntOrZero(form["version"]),
            ["reason"] = Optional(form["reason"]),
        };
        JsonNode result;
        if (approve)
        {
            variables["legalBasis"] = form["legalBasis"].ToString();
            variables["validFrom"] = Optional(form["validFrom"]);
            variables["validTo"] = Optional(form["validTo"]);
            result = await RunAsync(http,
                "mutation($id: Int!, $version: Int!, $legalBasis: String!, $validFrom: String, $validTo: String, $reason: String) " +
                "{ approveAccessRequest(id: $id, version: $version, legalBasis: $legalBasis, validFrom: $validFrom, validTo: $validTo, reason: $reason) { id } }",
                variables);
        }
        else
        {
            variables["reason"] = form["reason"].ToString();
            result = await RunAsync(http,
                "mutation($id: Int!, $version: Int!, $reason: String!) { rejectAccessRequest(id: $id, version: $version, reason: $reason) { id } }", variables);
        }

        return Errors(result).Count > 0
            ? await RequestsAsync(http, result, StatusOf(result))
            : Results.Redirect($"{Path}/requests?done=1");
    }

    private static async Task<IResult> GrantsAsync(HttpContext http, JsonNode? failed)
    {
        var department = Optional(http.Request.Query["department"]);
        var field = Optional(http.Request.Query["field"]);
        var result = await RunAsync(http,
            "query($department: String, $field: String) { grants(department: $department, field: $field, includeRevoked: true) " +
            "{ id department field purpose legalBasis validFrom validTo grantedBy revokedAt live version } }",
            new() { ["department"] = department, ["field"] = field });
        var body = new StringBuilder(Banner(http, failed ?? result));
        body.Append("<h1>").Append(H(T("Nav_Grants"))).Append("</h1><form method=get action=\"").Append(Path).Append("/grants\">")
            .Append(Input("department", T("Department"), department ?? "")).Append(Input("field", T("Field"), field ?? ""))
            .Append("<button>").Append(H(T("Filter"))).Append("</button></form>");
        body.Append("<table id=grants><thead><tr>").Append(Th("Id", "Department", "Field", "Purpose", "LegalBasis", "ValidFrom", "ValidTo", "Status", ""))
            .Append("</tr></thead><tbody>");
        foreach (var g in Items(result, "grants"))
        {
            var id = S(g, "id");
            var status = S(g, "revokedAt").Length > 0 ? T("Revoked") : g?["live"]?.GetValue<bool>() == true ? T("Live") : T("NotLive");
            body.Append("<tr id=\"grant-").Append(H(id)).Append("\"><td><a href=\"").Append(Path).Append("/grants/").Append(H(id)).Append("\">").Append(H(id))
                .Append("</a></td><td><code>").Append(H(S(g, "department"))).Append("</code></td><td><code>").Append(H(S(g, "field")))
                .Append("</code></td><td><code>").Append(H(S(g, "purpose"))).Append("</code></td><td>").Append(H(S(g, "legalBasis")))
                .Append("</td><td>").Append(H(S(g, "validFrom"))).Append("</td><td>").Append(H(S(g, "validTo"))).Append("</td><td>").Append(H(status)).Append("</td><td>");
            if (S(g, "revokedAt").Length == 0)
            {
                body.Append(Form(http, $"{Path}/grants/{id}/revoke",
                    $"<input type=hidden name=version value=\"{H(S(g, "version"))}\">" + Input("reason", T("Reason"), ""), T("Revoke"), "revoke"));
            }

            body.Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        return Page(http, T("Nav_Grants"), body.ToString(), failed is null ? StatusCodes.Status200OK : StatusOf(failed));
    }

    private static async Task<IResult> GrantAsync(HttpContext http, int id, JsonNode? failed)
    {
        var result = await RunAsync(http,
            "query($id: Int!, $target: String) { grant(id: $id) { id department field purpose legalBasis validFrom validTo grantedBy revokedAt live version } " +
            "adminChanges(target: $target) { at actor action before after reason } }",
            new() { ["id"] = id, ["target"] = $"grant/{id}" });
        var grant = result["data"]?["grant"];
        var body = new StringBuilder(Banner(http, failed ?? result));
        body.Append("<h1>").Append(H(T("GrantHistory"))).Append(" #").Append(id).Append("</h1>");
        if (grant is not null)
        {
            body.Append("<dl><dt>").Append(H(T("Department"))).Append("</dt><dd><code>").Append(H(S(grant, "department"))).Append("</code></dd><dt>")
                .Append(H(T("Field"))).Append("</dt><dd><code>").Append(H(S(grant, "field"))).Append("</code></dd><dt>").Append(H(T("Purpose")))
                .Append("</dt><dd><code>").Append(H(S(grant, "purpose"))).Append("</code></dd><dt>").Append(H(T("LegalBasis"))).Append("</dt><dd>")
                .Append(H(S(grant, "legalBasis"))).Append("</dd><dt>").Append(H(T("GrantedBy"))).Append("</dt><dd>").Append(H(S(grant, "grantedBy")))
                .Append("</dd></dl>");
            if (S(grant, "revokedAt").Length == 0)
            {
                body.Append(Form(http, $"{Path}/grants/{id}/revoke",
                    $"<input type=hidden name=version value=\"{H(S(grant, "version"))}\">" + Input("reason", T("Reason"), ""), T("Revoke"), "revoke"));
            }
        }

        body.Append("<h2>").Append(H(T("History"))).Append("</h2>").Append(ChangesTable(Items(result, "adminChanges")));
        return Page(http, T("GrantHistory"), body.ToString(), failed is null ? StatusCodes.Status200OK : StatusOf(failed));
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, int id)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var result = await RunAsync(http,
            "mutation($id: Int!, $version: Int!, $reason: String) { revokeGrant(id: $id, version: $version, reason: $reason) { id } }",
            new() { ["id"] = id, ["version"] = IntOrZero(form["version"]), ["reason"] = Optional(form["reason"]) });
        return Errors(result).Count > 0 ? await GrantAsync(http, id, result) : Results.Redirect($"{Path}/grants/{id}?done=1");
    }

    private static async Task<IResult> ChangesAsync(HttpContext http)
    {
        var target = Optional(http.Request.Query["target"]);
        var result = await RunAsync(http, "query($target: String) { adminChanges(target: $target, first: 200) { at actor action target before after reason } }",
            new() { ["target"] = target });
        var body = new StringBuilder(Banner(http, result));
        body.Append("<h1>").Append(H(T("Nav_Changes"))).Append("</h1>").Append(ChangesTable(Items(result, "adminChanges"), withTarget: true));
        return Page(http, T("Nav_Changes"), body.ToString());
    }

    private static async Task<IResult> AuditAsync(HttpContext http)
    {
        string[] filters = ["department", "purpose", "citizen", "field", "outcome", "from", "to"];
        var where = filters.Select(f => (f, Value: Optional(http.Request.Query[f]))).Where(f => f.Value is not null)
            .ToDictionary(f => f.f, f => (object?)f.Value);
        var result = await RunAsync(http,
            "query($where: AuditLogFilterInput) { auditLog(first: 100, where: $where) { totalCount nodes { id at department purpose fields outcome errorCodes citizens } } }",
            new() { ["where"] = where });
        var body = new StringBuilder(Banner(http, result));
        body.Append("<h1>").Append(H(T("Nav_Audit"))).Append("</h1><form method=get action=\"").Append(Path).Append("/audit\" class=filters>");
        string[] labels = ["Department", "Purpose", "PersonalId", "Field", "Outcome", "From", "To"];
        for (var i = 0; i < filters.Length; i++)
        {
            body.Append(Input(filters[i], T(labels[i]), where.GetValueOrDefault(filters[i]) as string ?? ""));
        }

        body.Append("<button>").Append(H(T("Filter"))).Append("</button></form>");
        body.Append(AuditTable(result["data"]?["auditLog"]));
        return Page(http, T("Nav_Audit"), body.ToString());
    }

    private static async Task<IResult> CitizenAsync(HttpContext http)
    {
        var personalId = Optional(http.Request.Query["personalId"]);
        var body = new StringBuilder();
        JsonNode? result = null;
        if (personalId is not null)
        {
            result = await RunAsync(http,
                "query($id: String!, $where: AuditLogFilterInput) { consents(personalId: $id) { id department purpose fields givenAt expiresAt revokedAt } " +
                "auditLog(first: 100, where: $where) { totalCount nodes { id at department purpose fields outcome errorCodes citizens } } }",
                new() { ["id"] = personalId, ["where"] = new Dictionary<string, object?> { ["citizen"] = personalId } });
            body.Append(Banner(http, result));
        }

        body.Append("<h1>").Append(H(T("Nav_Citizen"))).Append("</h1><form method=get action=\"").Append(Path).Append("/citizen\">")
            .Append(Input("personalId", T("PersonalId"), personalId ?? "", required: true)).Append("<button>").Append(H(T("Show"))).Append("</button></form>");
        if (result?["data"] is { } data)
        {
            body.Append("<h2>").Append(H(T("Consents"))).Append("</h2><table><thead><tr>")
                .Append(Th("Id", "Department", "Purpose", "Fields", "Given", "Expires", "Revoked")).Append("</tr></thead><tbody>");
            foreach (var c in Items(result, "consents"))
            {
                body.Append("<tr><td>").Append(H(S(c, "id"))).Append("</td><td><code>").Append(H(S(c, "department"))).Append("</code></td><td><code>")
                    .Append(H(S(c, "purpose"))).Append("</code></td><td><code>").Append(H(string.Join(", ", Strings(c?["fields"])))).Append("</code></td><td>")
                    .Append(H(S(c, "givenAt"))).Append("</td><td>").Append(H(S(c, "expiresAt"))).Append("</td><td>").Append(H(S(c, "revokedAt"))).Append("</td></tr>");
            }

            body.Append("</tbody></table><h2>").Append(H(T("AccessHistory"))).Append("</h2>").Append(AuditTable(data["auditLog"]));
        }

        return Page(http, T("Nav_Citizen"), body.ToString());
    }

    // Data quality: the page itself is Quality/QualityPage, read through dataQuality like every console read.
    private static async Task<IResult> QualityAsync(HttpContext http)
    {
        var result = await RunAsync(http, Quality.QualityPage.Query);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return Page(http, T("Nav_Quality"), Banner(http, result) + Quality.QualityPage.Render(result["data"]?["dataQuality"], english));
    }

    // ---- rendering ----

    private static string AuditTable(JsonNode? log)
    {
        var body = new StringBuilder();
        body.Append("<p>").Append(H(T("Total"))).Append(": ").Append(H(log?["totalCount"]?.ToString() ?? "0")).Append("</p><table id=audit><thead><tr>")
            .Append(Th("Id", "At", "Department", "Purpose", "Fields", "Outcome", "ErrorCodes", "Citizens")).Append("</tr></thead><tbody>");
        foreach (var e in log?["nodes"] as JsonArray ?? [])
        {
            body.Append("<tr><td>").Append(H(S(e, "id"))).Append("</td><td>").Append(H(S(e, "at"))).Append("</td><td><code>").Append(H(S(e, "department")))
                .Append("</code></td><td><code>").Append(H(S(e, "purpose"))).Append("</code></td><td><code>").Append(H(string.Join(", ", Strings(e?["fields"]))))
                .Append("</code></td><td>").Append(H(S(e, "outcome"))).Append("</td><td>").Append(H(string.Join(", ", Strings(e?["errorCodes"]))))
                .Append("</td><td>").Append(Strings(e?["citizens"]).Count()).Append("</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

    private static string ChangesTable(IEnumerable<JsonNode?> changes, bool withTarget = false)
    {
        var body = new StringBuilder("<table class=changes><thead><tr>");
        body.Append(withTarget ? Th("At", "Actor", "Action", "Grant", "Before", "After", "Reason") : Th("At", "Actor", "Action", "Before", "After", "Reason"))
            .Append("</tr></thead><tbody>");
        foreach (var c in changes)
        {
            body.Append("<tr><td>").Append(H(S(c, "at"))).Append("</td><td>").Append(H(S(c, "actor"))).Append("</td><td><code>").Append(H(S(c, "action")))
                .Append("</code></td>");
            if (withTarget)
            {
                body.Append("<td><code>").Append(H(S(c, "target"))).Append("</code></td>");
            }

            body.Append("<td><code>").Append(H(S(c, "before"))).Append("</code></td><td><code>").Append(H(S(c, "after"))).Append("</code></td><td>")
                .Append(H(S(c, "reason"))).Append("</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

    private static IResult Page(HttpContext http, string title, string content, int status = StatusCodes.Status200OK, bool signedIn = true)
    {
        var other = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "vi" : "en";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=").Append(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
            .Append("><head><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>")
            .Append(H(title)).Append(" · ").Append(H(T("Title"))).Append("</title><style>").Append(Css).Append("</style></head><body><header><strong>")
            .Append(H(T("Title"))).Append("</strong><nav>");
        if (signedIn)
        {
            foreach (var (href, key) in new[]
            {
                ("/", "Nav_Departments"), ("/matrix", "Nav_Matrix"), ("/requests", "Nav_Requests"), ("/grants", "Nav_Grants"),
                ("/audit", "Nav_Audit"), ("/changes", "Nav_Changes"), ("/citizen", "Nav_Citizen"), ("/quality", "Nav_Quality"),
            })
            {
                html.Append("<a href=\"").Append(Path).Append(href).Append("\">").Append(H(T(key))).Append("</a>");
            }
        }

        html.Append("<a class=lang href=\"?lang=").Append(other).Append("\">").Append(H(T("Language"))).Append("</a>");
        if (signedIn && http.Items[PrincipalItem] is HubPrincipal principal)
        {
            html.Append("<span class=who>").Append(H(T("SignedInAs"))).Append(' ').Append(H(principal.Name ?? principal.Subject)).Append("</span>")
                .Append(Form(http, Path + "/signout", "", T("SignOut"), "signout"));
        }

        html.Append("</nav></header><main>").Append(content).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The outcome of the last change (done) or the errors of a change or read, with their codes.</summary>
    private static string Banner(HttpContext http, JsonNode? result)
    {
        var errors = Errors(result);
        if (errors.Count > 0)
        {
            return "<div class=error role=alert><strong>" + H(T("Error")) + "</strong><ul>" + string.Concat(errors.Select(e =>
                $"<li><code class=code>{H(e?["extensions"]?["code"]?.ToString() ?? "")}</code> {H(e?["message"]?.ToString() ?? "")}</li>")) + "</ul></div>";
        }

        return http.Request.Query["done"].Count > 0 ? "<p class=done role=status>" + H(T("Done")) + "</p>" : "";
    }

    private static string Form(HttpContext http, string action, string fields, string button, string name)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<form method=post action=\"{H(action)}\" class=\"{H(name)}\" data-form=\"{H(name)}\">" +
            $"<input type=hidden name=\"{H(tokens.FormFieldName)}\" value=\"{H(tokens.RequestToken)}\">{fields}<button type=submit>{H(button)}</button></form>";
    }

    private static string Input(string name, string label, string value, string type = "text", bool required = false) =>
        $"<label>{H(label)} <input type={type} name=\"{H(name)}\" value=\"{H(value)}\"{(required ? " required" : "")}></label> ";

    private static string Th(params string[] keys) => string.Concat(keys.Select(k => "<th>" + (k.Length == 0 ? "" : H(T(k))) + "</th>"));

    private static async Task<JsonNode> RunAsync(HttpContext http, string query, Dictionary<string, object?>? variables = null)
    {
        var principal = (HubPrincipal)http.Items[PrincipalItem]!;
        var admin = http.RequestServices.GetRequiredService<AdminGraphQL>();
        var result = await admin.ExecuteAsync(principal, query, variables is null ? null : new Inputs(variables), null, http.TraceIdentifier,
            http.RequestServices, http.RequestAborted);
        return JsonNode.Parse(AdminGraphQL.Serialize(http.RequestServices, result))!;
    }

    private static List<JsonNode?> Errors(JsonNode? result) => (result?["errors"] as JsonArray)?.ToList() ?? [];

    private static int StatusOf(JsonNode result) =>
        Errors(result).Any(e => e?["extensions"]?["code"]?.ToString() == AdminErrors.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;

    private static IEnumerable<JsonNode?> Items(JsonNode result, string name) => result["data"]?[name] as JsonArray ?? [];

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.ToString() ?? "");

    private static string S(JsonNode? node, string name) => node?[name]?.ToString() ?? "";

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    private static int IntOrZero(Microsoft.Extensions.Primitives.StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string T(string key) => Localizer[key];

    private static string H(string? text) => Encoder.Encode(text ?? "");

    private static string Url(string text) => Uri.EscapeDataString(text);

    /// <summary>Labels from the resx files through ASP.NET Core localization, in the request's UI culture.</summary>
    private static readonly IStringLocalizer Localizer = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(ConsoleText));

    internal const string Css = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;padding:.6em 1.2em;background:#123b6d;color:#fff}
        header a{color:#fff;margin-right:.9em;text-decoration:none}header a:hover{text-decoration:underline}
        header nav{display:flex;flex-wrap:wrap;align-items:center;gap:.2em}header form{display:inline;margin-left:.6em}
        .who{opacity:.85;margin-left:.6em}main{padding:1em 1.2em}h1{font-size:1.4em;margin:.3em 0 .6em}
        table{border-collapse:collapse;background:#fff;margin:.5em 0 1.2em}th,td{border:1px solid #d5d9e0;padding:.3em .5em;text-align:left;vertical-align:top}
        thead th{background:#e9edf3}code{font-size:.92em}
        .matrix td{text-align:center;white-space:nowrap;font-size:.9em}.matrix tbody th{font-weight:normal;white-space:nowrap}
        td.baseline{background:#e3f1e6;color:#1f5d2b}td.granted{background:#d7e8fb}td.granted a{color:#0b4a8b;font-weight:600}
        td.consent{background:#fff3d6;color:#7a5600}td.never{background:#3a3f47;color:#fff}td.none{color:#9aa3ad}
        .error{background:#fde8e8;border:1px solid #e0a0a0;padding:.5em .8em;color:#7d1d1d}.done{background:#e3f1e6;padding:.5em .8em}
        .help{color:#56606c}section.request{background:#fff;border:1px solid #d5d9e0;padding:.6em 1em;margin:.6em 0}
        .decide{display:flex;flex-wrap:wrap;gap:1.5em}form{margin:.3em 0}label{margin-right:.5em}
        textarea{display:block;width:100%;max-width:60em;font-family:monospace}button{padding:.25em .8em}
        """;
}
