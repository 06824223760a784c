using System.Globalization;
using DataHub.Hub.Access;
using DataHub.Hub.Admin.ConsolePages;
using DataHub.Hub.Audit;
using DataHub.Hub.Documents;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using DataHub.Hub.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace DataHub.Hub.Admin;

/// <summary>
/// The steward console at <c>/steward</c>: Razor components (<c>Admin/ConsolePages</c>) rendered on the server by these
/// endpoints, in the shared layout (<see cref="MainLayout"/>). Pages call the services the admin API calls —
/// <see cref="StewardReads"/>, <see cref="Governance"/>, <see cref="AccessAdministration"/>, the audit log's search — so
/// the rules and the errors are the same; each page and each change is recorded in the audit log through
/// <see cref="AuditRecords"/> before it is answered. A steward signs in by pasting a token, validated exactly as a bearer
/// token is, kept in an HttpOnly, SameSite=Strict cookie. Every form carries an antiforgery token.
/// </summary>
public static class StewardConsole
{
    public const string Path = "/steward";
    public const string TokenCookie = "datahub.steward";
    private const string PrincipalItem = "datahub.console.principal";

    /// <summary>Audit entries per page of the audit log and of a citizen's history.</summary>
    private const int AuditRows = 100;

    internal static void Map(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Path);
        // ?to=ioc: the same sign-in for the IOC dashboard (an IOC or steward token; Ioc/IocDashboard.cs).
        open.MapGet("/signin", (HttpContext http) => Render<SignInPage>(http, new() { ["To"] = ForDashboard(http.Request.Query["to"]) ? "ioc" : null }));
        open.MapPost("/signin", Handler(SignInAsync));

        var pages = app.MapGroup(Path).AddEndpointFilter(RequireStewardAsync);
        pages.MapGet("/", DepartmentsAsync);
        pages.MapGet("/matrix", MatrixAsync);
        pages.MapGet("/requests", (HttpContext http, CancellationToken cancellationToken) => RequestsAsync(http, [], cancellationToken));
        pages.MapPost("/requests/{id:int}/approve", (HttpContext http, int id, CancellationToken cancellationToken) => DecideAsync(http, id, true, cancellationToken));
        pages.MapPost("/requests/{id:int}/reject", (HttpContext http, int id, CancellationToken cancellationToken) => DecideAsync(http, id, false, cancellationToken));
        pages.MapGet("/documents", (HttpContext http, CancellationToken cancellationToken) => DocumentsAsync(http, [], cancellationToken));
        pages.MapPost("/documents/{id:int}/approve", (HttpContext http, int id, CancellationToken cancellationToken) => DecideDocumentAsync(http, id, true, cancellationToken));
        pages.MapPost("/documents/{id:int}/reject", (HttpContext http, int id, CancellationToken cancellationToken) => DecideDocumentAsync(http, id, false, cancellationToken));
        pages.MapGet("/grants", (HttpContext http, CancellationToken cancellationToken) => GrantsAsync(http, [], cancellationToken));
        pages.MapPost("/grants", GrantFieldsAsync);
        pages.MapGet("/grants/{id:int}", (HttpContext http, int id, CancellationToken cancellationToken) => GrantAsync(http, id, [], cancellationToken));
        pages.MapPost("/grants/{id:int}/revoke", (HttpContext http, int id, AccessAdministration access, CancellationToken cancellationToken) =>
            RevokeAsync(http, id, access, cancellationToken));
        pages.MapGet("/changes", ChangesAsync);
        pages.MapGet("/audit", AuditLogAsync);
        pages.MapGet("/citizen", CitizenAsync);
        pages.MapGet("/quality", QualityAsync);
        pages.MapGet("/dossiers", DossiersAsync);
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

    // ---- sign-in and antiforgery ----

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
    private static async Task<HubPrincipal?> PrincipalFromTokenAsync(HttpContext http, string token)
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
        return principal;
    }

    private static bool ForDashboard(StringValues to) => to.ToString() == "ioc";

    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var token = form["token"].ToString().Trim();
        var dashboard = ForDashboard(form["to"]);
        var principal = token.Length == 0 ? null : await PrincipalFromTokenAsync(http, token);
        if (principal is null || !(dashboard ? Ioc.IocDashboard.MaySee(principal) : principal.Kind == PrincipalKind.Steward))
        {
            return Render<SignInPage>(http, new() { ["Refused"] = true, ["To"] = dashboard ? "ioc" : null }, status: StatusCodes.Status401Unauthorized);
        }

        // The cookie goes only to its area: the console's to /steward, the dashboard's to /ioc.
        var (cookie, path, landing) = dashboard
            ? (Ioc.IocDashboard.TokenCookie, Ioc.IocDashboard.Path, Ioc.IocDashboard.Path)
            : (TokenCookie, Path, Path + "/matrix");
        http.Response.Cookies.Append(cookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = path,
            IsEssential = true,
            Secure = http.Request.IsHttps,
        });
        return Results.Redirect(landing);
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

    private static IResult BadForm(HttpContext http) => Render<MessagePage>(http,
        new() { ["Message"] = Text(http)["BadForm"].Value }, status: StatusCodes.Status400BadRequest);

    // ---- pages: read through the services, audit, render ----

    private static async Task<IResult> DepartmentsAsync(HttpContext http, StewardReads reads, CancellationToken cancellationToken)
    {
        var departments = await reads.DepartmentsAsync(cancellationToken);
        var purposes = await reads.PurposesAsync(cancellationToken);
        return await AnswerAsync<DepartmentsPage>(http, ["departments", "purposes"], [], [],
            new() { ["Departments"] = departments, ["Purposes"] = purposes });
    }

    private static async Task<IResult> MatrixAsync(HttpContext http, StewardReads reads, CancellationToken cancellationToken)
    {
        var departments = await reads.DepartmentsAsync(cancellationToken);
        var fields = await reads.ClassificationsAsync(null, cancellationToken);
        var grants = await reads.GrantsAsync(null, null, null, includeRevoked: false, cancellationToken);
        var now = DateTime.UtcNow;
        var type = Optional(http.Request.Query["type"]) ?? "Citizen";
        return await AnswerAsync<MatrixPage>(http, ["departments", "fieldClassifications", "grants"], [], [], new()
        {
            ["Type"] = type,
            ["Types"] = fields.Select(f => f.Field.Split('.')[0]).Distinct().Order(StringComparer.Ordinal).ToList(),
            ["Departments"] = departments.Where(d => d.IsActive).Select(d => d.Code).ToList(),
            ["Fields"] = fields,
            ["Grants"] = grants.Where(g => g.Grant.IsLiveAt(now)).ToLookup(g => (g.Grant.DepartmentCode, g.Grant.Field), g => g.Grant.PurposeCode),
        });
    }

    private static async Task<IResult> RequestsAsync(
        HttpContext http, IReadOnlyList<ConsoleError> errors, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var reads = http.RequestServices.GetRequiredService<StewardReads>();
        var requests = await reads.AccessRequestsAsync(null, null, cancellationToken);
        var purposes = await reads.PurposesAsync(cancellationToken);
        return await AnswerAsync<RequestsPage>(http, ["accessRequests", "purposes"], [], errors, new()
        {
            ["Requests"] = requests,
            ["LegalBases"] = purposes.ToDictionary(p => p.Code, p => p.LegalBasis),
        }, status);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, int id, bool approve, CancellationToken cancellationToken)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var governance = http.RequestServices.GetRequiredService<Governance>();
        var time = http.RequestServices.GetRequiredService<LocalTime>();
        var action = approve ? "approveAccessRequest" : "rejectAccessRequest";
        var failure = await ChangeAsync(http, action, [], async author =>
        {
            var version = IntOrZero(form["version"]);
            _ = approve
                ? await governance.ApproveAsync(id, version, form["legalBasis"].ToString(), Date(time, form["validFrom"], "validFrom"),
                    Date(time, form["validTo"], "validTo"), author, cancellationToken)
                : await governance.RejectAsync(id, version, author, cancellationToken);
        }, form["reason"]);
        return failure switch
        {
            null => Results.Redirect($"{Path}/requests?done=1"),
            { Count: 0 } => AuditUnavailable(http),
            _ => await RequestsAsync(http, failure, cancellationToken, StatusOf(failure)),
        };
    }

    private static async Task<IResult> DocumentsAsync(
        HttpContext http, IReadOnlyList<ConsoleError> errors, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var documents = await http.RequestServices.GetRequiredService<DocumentRegistration>()
            .ListAsync(null, null, DocumentState.Pending, cancellationToken);
        return await AnswerAsync<DocumentsPage>(http, ["documents"], [], errors,
            new() { ["Documents"] = documents.AsEnumerable().Reverse().ToList() }, status);
    }

    private static async Task<IResult> DecideDocumentAsync(HttpContext http, int id, bool approve, CancellationToken cancellationToken)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var registration = http.RequestServices.GetRequiredService<DocumentRegistration>();
        var version = IntOrZero(form["version"]);
        var failure = await ChangeAsync(http, approve ? "approveDocument" : "rejectDocument", [], async author =>
        {
            _ = approve
                ? await registration.ApproveAsync(id, version, author, cancellationToken)
                : await registration.RejectAsync(id, version, author, cancellationToken);
        }, form["reason"]);
        return failure switch
        {
            null => Results.Redirect($"{Path}/documents?done=1"),
            { Count: 0 } => AuditUnavailable(http),
            _ => await DocumentsAsync(http, failure, cancellationToken, StatusOf(failure)),
        };
    }

    private static async Task<IResult> GrantsAsync(
        HttpContext http, IReadOnlyList<ConsoleError> errors, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var reads = http.RequestServices.GetRequiredService<StewardReads>();
        var department = Optional(http.Request.Query["department"]);
        var field = Optional(http.Request.Query["field"]);
        var purpose = Optional(http.Request.Query["purpose"]);
        var grants = await reads.GrantsAsync(department, field, purpose, includeRevoked: true, cancellationToken);
        var departments = await reads.DepartmentsAsync(cancellationToken);
        var purposes = await reads.PurposesAsync(cancellationToken);
        return await AnswerAsync<GrantsPage>(http, ["grants", "departments", "purposes", "compositeFields"], [], errors, new()
        {
            ["Grants"] = grants,
            ["Department"] = department,
            ["Field"] = field,
            ["Purpose"] = purpose,
            ["Departments"] = departments.Select(d => d.Code).ToList(),
            ["Purposes"] = purposes.Select(p => p.Code).ToList(),
            ["Fields"] = http.RequestServices.GetRequiredService<Governance>().CompositeFields,
        }, status);
    }

    private static async Task<IResult> GrantFieldsAsync(HttpContext http, Governance governance, LocalTime time, CancellationToken cancellationToken)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var department = form["department"].ToString();
        var failure = await ChangeAsync(http, "grantAccess", [], async author => await governance.GrantAsync(department,
            form["fields"].Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!).ToList(), form["purpose"].ToString(), form["legalBasis"].ToString(),
            Date(time, form["validFrom"], "validFrom"), Date(time, form["validTo"], "validTo"), author, cancellationToken), form["reason"]);
        return failure switch
        {
            null => Results.Redirect($"{Path}/grants?department={Uri.EscapeDataString(department)}&done=1"),
            { Count: 0 } => AuditUnavailable(http),
            _ => await GrantsAsync(http, failure, cancellationToken, StatusOf(failure)),
        };
    }

    private static async Task<IResult> GrantAsync(
        HttpContext http, int id, IReadOnlyList<ConsoleError> errors, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var reads = http.RequestServices.GetRequiredService<StewardReads>();
        var grant = await reads.GrantAsync(id, cancellationToken);
        var changes = await reads.ChangesAsync($"grant/{id}", null, null, 100, cancellationToken);
        return await AnswerAsync<GrantPage>(http, ["grant", "adminChanges"], [], errors,
            new() { ["Id"] = id, ["Grant"] = grant, ["Changes"] = changes }, status);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, int id, AccessAdministration access, CancellationToken cancellationToken)
    {
        if (!await ValidFormAsync(http))
        {
            return BadForm(http);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var failure = await ChangeAsync(http, "revokeGrant", [],
            async author => await access.RevokeGrantAsync(id, IntOrZero(form["version"]), author, cancellationToken), form["reason"]);
        return failure switch
        {
            null => Results.Redirect($"{Path}/grants/{id}?done=1"),
            { Count: 0 } => AuditUnavailable(http),
            _ => await GrantAsync(http, id, failure, cancellationToken, StatusOf(failure)),
        };
    }

    private static async Task<IResult> ChangesAsync(HttpContext http, StewardReads reads, CancellationToken cancellationToken)
    {
        var changes = await reads.ChangesAsync(Optional(http.Request.Query["target"]), null, null, 200, cancellationToken);
        return await AnswerAsync<ChangesPage>(http, ["adminChanges"], [], [], new() { ["Changes"] = changes });
    }

    private static async Task<IResult> AuditLogAsync(HttpContext http, StewardReads reads, Governance governance, LocalTime time, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var (fromDate, toDate) = (Optional(query["from"]), Optional(query["to"]));
        List<ConsoleError> errors = [];
        AuditLogFilter filter = new(Optional(query["department"]), Optional(query["purpose"]), Optional(query["citizen"]), Optional(query["field"]),
            Optional(query["outcome"]));
        try
        {
            // The dates are the province's: from the start of "from" to the end of "to".
            filter = filter with { From = Date(time, fromDate, "from"), To = Date(time, toDate, "to")?.AddDays(1) };
        }
        catch (DataHubError error)
        {
            errors.Add(new ConsoleError(error.Code ?? ErrorCodes.InvalidArgument, error.Message));
        }

        var (entries, total) = errors.Count > 0 ? ([], 0) : await AuditQueries.SearchAsync(http.RequestServices, filter, AuditRows, cancellationToken);
        var departments = await reads.DepartmentsAsync(cancellationToken);
        var purposes = await reads.PurposesAsync(cancellationToken);
        return await AnswerAsync<AuditLogPage>(http, ["auditLog"], [], errors, new()
        {
            ["Filter"] = filter,
            ["FromDate"] = fromDate,
            ["ToDate"] = toDate,
            ["Departments"] = departments.Select(d => d.Code).Append("steward").ToList(),
            ["Purposes"] = purposes.Select(p => p.Code).ToList(),
            ["Fields"] = governance.CompositeFields,
            ["Entries"] = entries,
            ["TotalCount"] = total,
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    private static async Task<IResult> CitizenAsync(HttpContext http, StewardReads reads, CancellationToken cancellationToken)
    {
        var personalId = Optional(http.Request.Query["personalId"]);
        if (personalId is null)
        {
            return await AnswerAsync<CitizenPage>(http, [], [], [], []);
        }

        try
        {
            var consents = await reads.ConsentsAsync(personalId, cancellationToken);
            var (entries, total) = await AuditQueries.SearchAsync(http.RequestServices, new AuditLogFilter(Citizen: personalId), AuditRows, cancellationToken);
            // The citizen sees this look-up in their own access history, as with the admin API's consents(personalId).
            return await AnswerAsync<CitizenPage>(http, ["consents", "auditLog"], [personalId], [], new()
            {
                ["PersonalId"] = personalId,
                ["Consents"] = consents,
                ["Entries"] = entries,
                ["TotalCount"] = total,
            });
        }
        catch (DataHubError error)
        {
            ConsoleError[] errors = [new(error.Code ?? ErrorCodes.InvalidArgument, error.Message)];
            return await AnswerAsync<CitizenPage>(http, ["consents"], [], errors, new() { ["PersonalId"] = personalId }, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> QualityAsync(HttpContext http, Quality.QualityReports reports, CancellationToken cancellationToken)
    {
        // The steward's view of dataQuality: every source and rule, five failing keys per rule.
        var report = await reports.ReportAsync(null, 5, cancellationToken);
        return await AnswerAsync<QualityPage>(http, ["dataQuality"], [], [], new() { ["Report"] = report });
    }

    private static async Task<IResult> DossiersAsync(HttpContext http, Dossiers.DossierReader dossiers, CancellationToken cancellationToken)
    {
        // The steward's view of dossiers: the newest 100, recorded with the citizens they name.
        var found = await dossiers.LatestAsync(null, null, AuditRows, cancellationToken);
        var citizens = found.SelectMany(d => d.RelatedPersonalId is { } related ? [d.PersonalId, related] : new[] { d.PersonalId }).Distinct();
        return await AnswerAsync<DossiersPage>(http, ["dossiers"], citizens, [], new() { ["Dossiers"] = found });
    }

    // ---- one audit entry per page and per change, then the answer ----

    /// <summary>Records what the page read (as the admin API's root fields it stands for) and renders it once that entry is durable.</summary>
    private static async Task<IResult> AnswerAsync<TPage>(
        HttpContext http, IEnumerable<string> read, IEnumerable<string> citizens, IReadOnlyList<ConsoleError> errors,
        Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        if (!await AuditAsync(http, read, citizens, errors.Select(e => e.Code)))
        {
            return AuditUnavailable(http);
        }

        return Render<TPage>(http, parameters, errors, status);
    }

    /// <summary>
    /// Makes one change as the signed-in steward and records it: null when it was made, its errors when it was refused
    /// (nothing changed), an empty list when the audit log could not be written.
    /// </summary>
    private static async Task<IReadOnlyList<ConsoleError>?> ChangeAsync(
        HttpContext http, string action, IEnumerable<string> citizens, Func<ChangeAuthor, Task> change, StringValues reason)
    {
        List<ConsoleError> errors = [];
        try
        {
            var steward = Steward(http);
            await change(new ChangeAuthor(steward.Name ?? steward.Subject, AdminLimits.Text(Optional(reason), "reason")));
        }
        catch (DataHubError error)
        {
            errors.Add(new ConsoleError(error.Code ?? ErrorCodes.InvalidArgument, error.Message));
        }

        if (!await AuditAsync(http, [action], citizens, errors.Select(e => e.Code)))
        {
            return [];
        }

        return errors.Count > 0 ? errors : null;
    }

    private static async Task<bool> AuditAsync(HttpContext http, IEnumerable<string> read, IEnumerable<string> citizens, IEnumerable<string> codes)
    {
        var codeList = codes.ToList();
        var record = AuditRecords.For(http.TraceIdentifier, Steward(http), null, $"console {http.Request.Method} {http.Request.Path}", null,
            read.Select(root => "Admin." + root), citizens, codeList.Count > 0 ? "rejected" : "ok", codeList);
        try
        {
            await http.RequestServices.GetRequiredService<AuditWriter>().AppendAsync(record);
            return true;
        }
        catch (AuditUnavailableException)
        {
            return false;
        }
    }

    private static IResult AuditUnavailable(HttpContext http) => Render<MessagePage>(http,
        new() { ["Message"] = "AUDIT_UNAVAILABLE: " + Text(http)["AuditUnavailable"].Value }, status: StatusCodes.Status503ServiceUnavailable);

    // ---- rendering ----

    private static RazorComponentResult Render<TPage>(
        HttpContext http, Dictionary<string, object?> parameters, IReadOnlyList<ConsoleError>? errors = null, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var steward = http.Items[PrincipalItem] as HubPrincipal;
        errors ??= [];
        parameters["Page"] = new ConsolePage(
            http.Request.Path.Value ?? Path,
            steward is null ? null : steward.Name ?? steward.Subject,
            http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http),
            http.RequestServices.GetRequiredService<LocalTime>(),
            errors,
            Done: errors.Count == 0 && http.Request.Query.ContainsKey("done"));
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    private static HubPrincipal Steward(HttpContext http) =>
        http.Items[PrincipalItem] as HubPrincipal ?? throw new InvalidOperationException("Console pages run for a signed-in steward only.");

    private static IStringLocalizer Text(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<ConsoleText>>();

    private static int StatusOf(IReadOnlyList<ConsoleError> errors) =>
        errors.Any(e => e.Code == AdminErrors.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;

    /// <summary>A local date from a date input, as the UTC start of that day; a value that is no date is <c>INVALID_ARGUMENT</c>.</summary>
    private static DateTime? Date(LocalTime time, StringValues value, string name)
    {
        try
        {
            return time.StartOfDay(Optional(value));
        }
        catch (FormatException)
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument, $"'{name}' is not a date (yyyy-MM-dd).");
        }
    }

    private static string? Optional(StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    private static int IntOrZero(StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
