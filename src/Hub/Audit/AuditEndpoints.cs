using System.Globalization;
using DataHub.Hub.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// <c>GET /admin/audit/export?from=&amp;to=</c>: a time range as JSON Lines, hashes and signed checkpoints included
/// (stewards only).
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditExport(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit/export", async (
            HttpContext http, string? from, string? to, IDbContextFactory<AuditDbContext> store, CheckpointStore checkpoints) =>
        {
            if (!TryTime(from, out var start) || !TryTime(to, out var end) || end <= start)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await Identity.IdentityServiceExtensions.WriteErrorAsync(http.Response, "INVALID_ARGUMENT",
                    "Give 'from' and 'to' as ISO 8601 times, 'to' after 'from'.");
                return;
            }

            // An export shows whose records were read, so it is itself recorded, durably, before any line leaves.
            try
            {
                await http.RequestServices.GetRequiredService<AuditWriter>().AppendAsync(AuditRecords.For(
                    http.TraceIdentifier, Identity.HubCaller.Of(http)?.Principal, null, $"audit-export {start:O}/{end:O}", null,
                    ["AuditEntry.*"], [], "ok", []));
            }
            catch (AuditUnavailableException)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await Identity.IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.AuditUnavailable,
                    "The audit log cannot be written, so nothing is exported. Try again later.");
                return;
            }

            http.Response.ContentType = "application/x-ndjson; charset=utf-8";
            await using var db = await store.CreateDbContextAsync(http.RequestAborted);
            await using var writer = new StreamWriter(http.Response.Body);
            await AuditExport.WriteAsync(db, checkpoints, start, end, writer, http.RequestAborted);
        });
        return admin;
    }

    private static bool TryTime(string? text, out DateTime time) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
}
