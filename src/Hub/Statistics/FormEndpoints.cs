using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;

namespace DataHub.Hub.Statistics;

/// <summary>
/// <c>GET /ioc/forms</c> (the forms), <c>GET /ioc/forms/{id}.json</c>, <c>.csv</c> and <c>.xlsx</c> (one form, run now). A form runs
/// as a GraphQL operation through <see cref="GraphQLPipeline"/>: the same plan, access decision, protection and one
/// audit entry as a query sent to /graphql. For an IOC (or any department) token the purpose is the form's.
/// </summary>
public static class FormEndpoints
{
    public const string Path = "/ioc/forms";

    public static IEndpointRouteBuilder MapReportForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup(Path).RequireAuthorization(HubPolicies.StewardOrDepartment);
        forms.MapGet("", (ReportForms all) => Results.Json(all.All.Select(f => new
        {
            id = f.Id,
            title = new { vi = f.TitleVi, en = f.TitleEn },
            figure = f.Figure,
            groupBy = f.GroupBy,
            chart = f.Chart,
            json = $"{Path}/{f.Id}.json",
            csv = $"{Path}/{f.Id}.csv",
            xlsx = $"{Path}/{f.Id}.xlsx",
        })));
        forms.MapGet("{file}", async (HttpContext http, string file, ReportForms all) =>
        {
            var extension = System.IO.Path.GetExtension(file);
            var form = extension is ".json" or ".csv" or ".xlsx" ? all.Find(System.IO.Path.GetFileNameWithoutExtension(file)) : null;
            if (form is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.FormNotFound,
                    $"No report form '{Bounded(file)}': GET {Path} lists them, as <id>.json, <id>.csv or <id>.xlsx.");
                return;
            }

            var run = await RunAsync(http, form);
            if (!run.Succeeded)
            {
                http.Response.StatusCode = run.ErrorCode is ErrorCodes.AuditUnavailable or ErrorCodes.SourceUnavailable
                    ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status403Forbidden;
                await IdentityServiceExtensions.WriteErrorAsync(http.Response, run.ErrorCode!, run.ErrorMessage!);
                return;
            }

            if (extension == ".csv")
            {
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{form.Id}.csv\"";
                await http.Response.WriteAsync(Csv(run), http.RequestAborted);
                return;
            }

            if (extension == ".xlsx")
            {
                http.Response.ContentType = FormWorkbook.ContentType;
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{form.Id}.xlsx\"";
                await http.Response.Body.WriteAsync(FormWorkbook.Write(run), http.RequestAborted);
                return;
            }

            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["form"] = form.Id,
                ["title"] = new JsonObject { ["vi"] = form.TitleVi, ["en"] = form.TitleEn },
                ["table"] = run.Table!.DeepClone(),
            }, http.RequestAborted);
        });
        return app;
    }

    /// <summary>Runs a form for the request's caller through the one pipeline (the dashboard uses it too).</summary>
    public static async Task<FormRun> RunAsync(HttpContext http, ReportForm form)
    {
        var principal = HubCaller.Of(http)?.Principal
            ?? throw new InvalidOperationException("The form routes require a resolved caller (HubPolicies).");
        var (query, where) = http.RequestServices.GetRequiredService<ReportForms>().Document(form);
        var pipeline = http.RequestServices.GetRequiredService<GraphQLPipeline>();
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var variables = serializer.Deserialize<Inputs>(new JsonObject { ["where"] = where }.ToJsonString());
        var surface = new GraphQLSurface("Query", http.RequestServices.GetRequiredService<ISchema>());
        var purpose = principal.Kind == PrincipalKind.Department ? form.Purpose : null;
        var result = await pipeline.ExecuteAsync(surface, principal, purpose,
            new GraphQLRequest { Query = query, Variables = variables, OperationName = $"Form_{form.Id.Replace('-', '_')}" },
            http.TraceIdentifier, http.RequestServices, http.RequestAborted);

        var json = JsonNode.Parse(serializer.Serialize(result));
        var table = json?["data"]?["statistics"]?[form.Figure];
        if (table is null || json?["errors"] is JsonArray { Count: > 0 })
        {
            var error = json?["errors"]?[0];
            return new FormRun(form, null, error?["extensions"]?["code"]?.GetValue<string>() ?? ErrorCodes.InternalError,
                error?["message"]?.GetValue<string>() ?? "The form could not run.");
        }

        return new FormRun(form, table, null, null);
    }

    /// <summary>The table as CSV: one line per cell, then the total; suppressed cells say so instead of a number.</summary>
    public static string Csv(FormRun run)
    {
        var lines = FormLines.Of(run);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', lines.Header.Select(Field)));
        foreach (var line in lines.Lines)
        {
            csv.AppendLine(string.Join(',', line.Select(v => Field(v switch
            {
                double number => number.ToString("0.##", CultureInfo.InvariantCulture),
                string text => text,
                _ => "",
            }))));
        }

        csv.AppendLine(string.Join(',', new[] { "computedAt", lines.ComputedAt }.Select(Field)));
        return csv.ToString();
    }

    // Quoted when needed; a text a spreadsheet would run as a formula is prefixed with an apostrophe.
    private static string Field(string text)
    {
        if (text.Length > 0 && "=+-@".Contains(text[0]) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    private static string Bounded(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
