using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Hosting;
using DataHub.Hub.Identity;
using DataHub.Hub.Portal.Pages;
using DataHub.Hub.Web;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Portal;

/// <summary>
/// The citizen portal at <c>/me</c>: server-rendered Razor components, phone first, Vietnamese with an English switch.
/// The citizen signs in through the OpenID Connect handler (<see cref="CitizenSignIn"/>); every page reads and changes
/// through the one GraphQL pipeline as that citizen — the same documents a citizen app would send, decided by the one
/// access decision (own record only; the level consent needs) and audited — so the portal has no rule of its own.
/// A form is accepted only from the portal's own origin (its session cookie is SameSite=Lax as well).
/// </summary>
public static class PortalEndpoints
{
    private const string CitizenItem = "datahub.portal.citizen";

    private const string RecordQuery = """
        query PortalRecord($me: String!) {
          citizen(personalId: $me) {
            personalId fullName dateOfBirth sex hometown ethnicity nationality maritalStatus permanentResidence currentResidence
            bloodType phoneNumber email
            insuranceCard { cardNumber validFrom validTo registeredHospital }
            landRights { certificateNumber sharePercent }
            benefitCases { benefitType status }
          }
        }
        """;

    private const string HistoryQuery = "query PortalHistory { myAccessLog(first: 50) { nodes { at department purpose fields outcome } } }";
    private const string DossiersQuery = """
        query PortalDossiers {
          myDossiers(first: 50) {
            id chainName state reason personalId relatedPersonalId filedAt lastStepAt
            steps { name department state at registrationNumber }
          }
        }
        """;

    private const string RepresentedQuery = "query PortalRepresented { myRepresented { personalId fullName } }";
    private const string ConsentsQuery = "query PortalConsents($for: String) { myConsents(forPersonalId: $for) { id department purpose fields expiresAt givenBy state } }";
    private const string RequestsQuery = "query PortalRequests($for: String) { myConsentRequests(forPersonalId: $for) { id department fields purpose reason until status } }";
    private const string GiveMutation = "mutation PortalGiveConsent($input: GiveConsentInput!) { giveConsent(input: $input) { id } }";
    private const string WithdrawMutation = "mutation PortalWithdrawConsent($id: Int!, $for: String) { withdrawConsent(id: $id, forPersonalId: $for) { id } }";
    private const string AnswerMutation = "mutation PortalAnswer($id: Int!, $approve: Boolean!, $for: String) { answerConsentRequest(id: $id, approve: $approve, forPersonalId: $for) { id } }";

    public static IEndpointRouteBuilder MapCitizenPortal(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(CitizenSignIn.PortalPath);
        open.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = CitizenSignIn.PortalPath }, [CitizenSignIn.OpenIdScheme]));
        open.MapGet("/signed-out", (HttpContext http) => Message(http, Text(http)["SignedOut"], null, null, StatusCodes.Status200OK));
        open.MapPost("/signout", async (HttpContext http) =>
        {
            if (!SameOrigin(http))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            await CitizenSignIn.SignOutAsync(http);
            return Results.Redirect(CitizenSignIn.PortalPath + "/signed-out");
        }).DisableAntiforgery().WithFormLimits();

        var pages = app.MapGroup(CitizenSignIn.PortalPath).AddEndpointFilter(RequireCitizenAsync);
        pages.MapGet("/", RecordAsync);
        pages.MapGet("/history", HistoryAsync);
        pages.MapGet("/dossiers", DossiersAsync);
        pages.MapGet("/consents", (HttpContext http, CancellationToken cancellationToken) => ConsentsAsync(http, [], cancellationToken));
        pages.MapPost("/consents", GiveAsync).DisableAntiforgery().WithFormLimits();
        pages.MapPost("/consents/{id:int}/withdraw", (HttpContext http, int id, CancellationToken cancellationToken) =>
            ChangeAsync(http, WithdrawMutation, Vars(("id", id), ("for", For(http))), "/consents", cancellationToken)).DisableAntiforgery().WithFormLimits();
        pages.MapGet("/requests", (HttpContext http, CancellationToken cancellationToken) => RequestsAsync(http, [], cancellationToken));
        pages.MapPost("/requests/{id:int}/approve", (HttpContext http, int id, CancellationToken cancellationToken) =>
            ChangeAsync(http, AnswerMutation, Vars(("id", id), ("approve", true), ("for", For(http))), "/requests", cancellationToken)).DisableAntiforgery().WithFormLimits();
        pages.MapPost("/requests/{id:int}/decline", (HttpContext http, int id, CancellationToken cancellationToken) =>
            ChangeAsync(http, AnswerMutation, Vars(("id", id), ("approve", false), ("for", For(http))), "/requests", cancellationToken)).DisableAntiforgery().WithFormLimits();
        pages.MapGet("/notifications", CitizenNotifications.StreamAsync); // Server-Sent Events: my data was read, a department asks
        return app;
    }

    // ---- the signed-in citizen ----

    private static async ValueTask<object?> RequireCitizenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // The session's access token was validated and its caller resolved with every other request (CitizenSignIn,
        // CallerResolution); the portal only reads the result.
        var http = context.HttpContext;
        var caller = HubCaller.Of(http);
        if (caller?.Principal is { Kind: PrincipalKind.Citizen } citizen)
        {
            http.Items[CitizenItem] = citizen;
            return await next(context);
        }

        if (caller?.Refusal is { } refusal)
        {
            // Signed in, but the token is refused (e.g. no electronic-ID level): say why, with the code.
            await CitizenSignIn.SignOutAsync(http);
            return Message(http, Text(http)["Error"], refusal.Code, refusal.Message, StatusCodes.Status403Forbidden);
        }

        if (caller?.Principal is not null)
        {
            return Message(http, Text(http)["Error"], ErrorCodes.CitizenOnly, "The portal is for citizens.", StatusCodes.Status403Forbidden);
        }

        return HttpMethods.IsGet(http.Request.Method)
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString }, [CitizenSignIn.OpenIdScheme])
            : Results.Redirect(CitizenSignIn.PortalPath + "/signin");
    }

    private static HubPrincipal Citizen(HttpContext http) =>
        http.Items[CitizenItem] as HubPrincipal ?? throw new InvalidOperationException("Portal pages run for a signed-in citizen only.");

    private static string? For(HttpContext http) => http.Request.Query["for"].ToString() is { Length: > 0 } id ? id.Trim() : null;

    // ---- pages ----

    private static async Task<IResult> RecordAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var me = Citizen(http);
        var (json, errors) = await RunAsync(http, RecordQuery, Vars(("me", me.PersonalId)), cancellationToken);
        var sources = (json?["extensions"]?["sources"] as JsonObject ?? [])
            .Select(kv => (kv.Key, (IReadOnlyList<string>)(kv.Value?["paths"] as JsonArray ?? []).Select(p => p!.GetValue<string>()).ToList()))
            .Where(s => s.Item2.Count > 0).OrderBy(s => s.Key == "population" ? 0 : 1).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var unavailable = (json?["errors"] as JsonArray ?? []).Where(e => e?["extensions"]?["code"]?.GetValue<string>() == ErrorCodes.SourceUnavailable)
            .SelectMany(e => sources.Where(s => e!["message"]!.GetValue<string>().Contains($"'{s.Key}'", StringComparison.Ordinal)).Select(s => s.Key))
            .ToHashSet(StringComparer.Ordinal);
        return await RenderAsync<RecordPage>(http, errors.Where(e => e.Code != ErrorCodes.SourceUnavailable).ToList(), new()
        {
            ["Data"] = json?["data"],
            ["Sources"] = sources,
            ["Unavailable"] = unavailable,
        }, cancellationToken, withFor: false);
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (json, errors) = await RunAsync(http, HistoryQuery, Vars(), cancellationToken);
        return await RenderAsync<HistoryPage>(http, errors, new() { ["Entries"] = Nodes(json?["data"]?["myAccessLog"]?["nodes"]) }, cancellationToken, withFor: false);
    }

    private static async Task<IResult> DossiersAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (json, errors) = await RunAsync(http, DossiersQuery, Vars(), cancellationToken);
        return await RenderAsync<FamilyDossiersPage>(http, errors, new() { ["Dossiers"] = Nodes(json?["data"]?["myDossiers"]) }, cancellationToken, withFor: false);
    }

    private static async Task<IResult> ConsentsAsync(HttpContext http, IReadOnlyList<PortalError> earlier, CancellationToken cancellationToken, int? status = null)
    {
        var (json, errors) = await RunAsync(http, ConsentsQuery, Vars(("for", For(http))), cancellationToken);
        return await RenderAsync<ConsentsPage>(http, [.. earlier, .. errors], new() { ["Consents"] = Nodes(json?["data"]?["myConsents"]) }, cancellationToken, status: status);
    }

    private static async Task<IResult> RequestsAsync(HttpContext http, IReadOnlyList<PortalError> earlier, CancellationToken cancellationToken, int? status = null)
    {
        var (json, errors) = await RunAsync(http, RequestsQuery, Vars(("for", For(http))), cancellationToken);
        return await RenderAsync<RequestsPage>(http, [.. earlier, .. errors], new() { ["Requests"] = Nodes(json?["data"]?["myConsentRequests"]) }, cancellationToken, status: status);
    }

    private static async Task<IResult> GiveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!SameOrigin(http))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var input = new Dictionary<string, object?>
        {
            ["department"] = form["department"].ToString(),
            ["purpose"] = form["purpose"].ToString(),
            ["fields"] = form["fields"].Select(f => (object?)f).ToList(),
            ["days"] = int.TryParse(form["days"], out var days) ? days : 0,
            ["forPersonalId"] = For(http),
        };
        return await ChangeAsync(http, GiveMutation, Vars(("input", input)), "/consents", cancellationToken);
    }

    /// <summary>A change through the pipeline: on success back to the page (PRG); refused, the page again with the codes.</summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, string document, Inputs variables, string page, CancellationToken cancellationToken)
    {
        if (!SameOrigin(http))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var (_, errors) = await RunAsync(http, document, variables, cancellationToken);
        if (errors.Count == 0)
        {
            var link = CitizenSignIn.PortalPath + page + "?done=1" + (For(http) is { } who ? "&for=" + Uri.EscapeDataString(who) : "");
            return Results.Redirect(link);
        }

        var status = StatusOf(errors);
        return page == "/consents" ? await ConsentsAsync(http, errors, cancellationToken, status) : await RequestsAsync(http, errors, cancellationToken, status);
    }

    // ---- the one pipeline ----

    internal static async Task<(JsonNode? Json, IReadOnlyList<PortalError> Errors)> RunAsync(
        HttpContext http, string document, Inputs variables, CancellationToken cancellationToken)
    {
        var pipeline = http.RequestServices.GetRequiredService<GraphQLPipeline>();
        var surface = new GraphQLSurface("Query", http.RequestServices.GetRequiredService<ISchema>());
        var request = new GraphQLRequest { Query = document, Variables = variables };
        // One request id per execution: a page that runs two documents has two audit entries, each of its own.
        var requestId = $"{http.TraceIdentifier}:{Interlocked.Increment(ref _executions)}";
        var result = await pipeline.ExecuteAsync(surface, Citizen(http), null, request, requestId, http.RequestServices, cancellationToken);
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var json = JsonNode.Parse(serializer.Serialize(result));
        var errors = (json?["errors"] as JsonArray ?? [])
            .Select(e => new PortalError(e?["extensions"]?["code"]?.GetValue<string>() ?? ErrorCodes.InternalError, e?["message"]?.GetValue<string>() ?? ""))
            .ToList();
        return (json, errors);
    }

    private static long _executions;

    internal static Inputs Vars(params (string Name, object? Value)[] values) => new(values.ToDictionary(v => v.Name, v => v.Value));

    private static async Task<IResult> RenderAsync<TPage>(
        HttpContext http, IReadOnlyList<PortalError> errors, Dictionary<string, object?> parameters, CancellationToken cancellationToken,
        bool withFor = true, int? status = null)
        where TPage : IComponent
    {
        var citizen = Citizen(http);
        var options = http.RequestServices.GetRequiredService<IOptions<CitizenIdOptions>>().Value;
        var (represented, _) = await RunAsync(http, RepresentedQuery, Vars(), cancellationToken);
        var minors = Nodes(represented?["data"]?["myRepresented"])
            .Select(n => new RepresentedView(n["personalId"]!.GetValue<string>(), n["fullName"]!.GetValue<string>())).ToList();
        parameters["Page"] = new PortalPage(http.Request.Path.Value?.TrimEnd('/') is { Length: > 0 } path ? path : CitizenSignIn.PortalPath,
            citizen.Level ?? 0, options.ConsentLevel, withFor ? For(http) : null, minors, http.RequestServices.GetRequiredService<LocalTime>(),
            errors, errors.Count == 0 && http.Request.Query.ContainsKey("done"));
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status ?? (errors.Count > 0 ? StatusOf(errors) : StatusCodes.Status200OK) };
    }

    private static RazorComponentResult<PortalMessagePage> Message(HttpContext http, string heading, string? code, string? message, int status) =>
        new(new Dictionary<string, object?> { ["Heading"] = heading, ["Code"] = code, ["Message"] = message }) { StatusCode = status };

    private static int StatusOf(IReadOnlyList<PortalError> errors) => errors[0].Code switch
    {
        ErrorCodes.ElectronicIdLevelTooLow or ErrorCodes.NotRepresentative or ErrorCodes.RepresentativeRequired or ErrorCodes.OwnRecordOnly => StatusCodes.Status403Forbidden,
        ErrorCodes.AuditUnavailable or "DATABASE_UNAVAILABLE" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static IReadOnlyList<JsonNode> Nodes(JsonNode? list) => (list as JsonArray ?? []).OfType<JsonNode>().ToList();

    /// <summary>
    /// A form posted from the portal's own pages (CSRF): the browser's Sec-Fetch-Site says same-origin, or, from a client
    /// without it, the Origin is this host (the pages send no referrer, so a browser's Origin may read "null").
    /// </summary>
    private static bool SameOrigin(HttpContext http)
    {
        var request = http.Request;
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
        {
            return site == "same-origin";
        }

        return request.Headers.Origin.ToString() == $"{request.Scheme}://{request.Host}";
    }

    private static IStringLocalizer Text(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<PortalText>>();
}
