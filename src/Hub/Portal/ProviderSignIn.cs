using DataHub.Connectors;
using DataHub.Domain;
using DataHub.Hub.Identity;
using DataHub.Hub.Portal.Pages;
using DataHub.Hub.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace DataHub.Hub.Portal;

/// <summary>The stand-in provider's sign-in page (<see cref="LocalCitizenProvider"/>): show it, then issue a code.</summary>
public static class ProviderSignIn
{
    /// <summary>Demo citizens offered on the page (anyone's personal ID may be typed: it is a stand-in).</summary>
    private const int DemoCitizenCount = 8;

    private static readonly string[] Forwarded = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "response_mode"];

    public static async Task<IResult> ShowAsync(HttpContext http, LocalCitizenProvider provider, SourceCatalog sources, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        if (provider.RefuseAuthorization(http.Request, query) is { } refusal)
        {
            return Page(refusal, [], [], StatusCodes.Status400BadRequest);
        }

        // The page's form posts here and the answer redirects to the client; browsers hold that redirect to the page's
        // form-action, so a client on another origin (a registered app, CitizenId:LocalClients) is allowed there too.
        // The redirect URI was checked above: the portal's own callback, or exactly the one registered for the client.
        if (Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out var redirect) && http.Response.Headers.ContentSecurityPolicy.ToString() is { Length: > 0 } policy)
        {
            http.Response.Headers.ContentSecurityPolicy = policy.Replace("form-action 'self'", $"form-action 'self' {redirect.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);
        }

        var page = await sources.Connectors["population"].ListAsync(new ListQuery("Citizen", null, [new SortField("personalId", false)], 0,
            DemoCitizenCount, ["personalId", "fullName"], false), cancellationToken);
        return Page(null, Forwarded.Where(query.ContainsKey).Select(name => (name, query[name].ToString())).ToList(),
            page.Rows.Select(r => (r.Key, r["fullName"] as string ?? "")).ToList());
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, LocalCitizenProvider provider, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var parameters = new QueryCollection(Forwarded.Where(form.ContainsKey).ToDictionary(name => name, name => form[name]));
        if (provider.RefuseAuthorization(http.Request, parameters) is { } refusal)
        {
            return Page(refusal, [], [], StatusCodes.Status400BadRequest);
        }

        if (!PersonalId.TryParse(form["personal_id"].ToString().Trim(), out var citizen, out var problem))
        {
            return Page(problem, [], [], StatusCodes.Status400BadRequest);
        }

        var level = form["level"] == "2" ? 2 : 1;
        var code = provider.IssueCode(parameters, citizen, level);
        var redirect = QueryHelpers.AddQueryString(parameters["redirect_uri"]!, new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = parameters["state"].ToString(),
        });
        return Results.Redirect(redirect);
    }

    private static RazorComponentResult<ProviderSignInPage> Page(
        string? refusal, IReadOnlyList<(string, string)> parameters, IReadOnlyList<(string, string)> citizens, int status = StatusCodes.Status200OK) =>
        new(new Dictionary<string, object?> { ["Refusal"] = refusal, ["Parameters"] = parameters, ["DemoCitizens"] = citizens }) { StatusCode = status };
}
