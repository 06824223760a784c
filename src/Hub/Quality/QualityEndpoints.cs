using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Identity;

namespace DataHub.Hub.Quality;

/// <summary>
/// <c>GET /admin/quality/findings.csv</c>: every failing record a department must fix, as CSV. A department token gets
/// its own; a steward one department's (<c>?department=</c>) or all. Recorded in the audit log before any line leaves.
/// </summary>
public static class QualityEndpoints
{
    public const string CsvPath = "/admin/quality/findings.csv";

    public static IEndpointRouteBuilder MapDataQuality(this IEndpointRouteBuilder app)
    {
        app.MapGet(CsvPath, async (HttpContext http, string? department, QualityReports reports, AuditWriter audit) =>
        {
            var principal = HubCaller.Of(http)?.Principal
                ?? throw new InvalidOperationException("The StewardOrDepartment policy let a request without a caller through.");
            if (AccessDecisions.DecideQualityFindings(principal, department, out var owner) is { } refusal)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await IdentityServiceExtensions.WriteErrorAsync(http.Response, refusal.Code, refusal.Message);
                return;
            }

            try
            {
                await audit.AppendAsync(AuditRecords.For(
                    http.TraceIdentifier, principal, null, $"quality-findings-csv {owner ?? "all"}", null, ["QualityFinding.*"], [], "ok", []));
            }
            catch (AuditUnavailableException)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await IdentityServiceExtensions.WriteErrorAsync(http.Response, "AUDIT_UNAVAILABLE",
                    "The audit log cannot be written, so nothing is exported. Try again later.");
                return;
            }

            var csv = await reports.CsvAsync(owner, http.RequestAborted);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"data-quality-{owner ?? "all"}.csv\"";
            await http.Response.WriteAsync(csv, http.RequestAborted);
        }).RequireAuthorization(HubPolicies.StewardOrDepartment);
        return app;
    }
}
