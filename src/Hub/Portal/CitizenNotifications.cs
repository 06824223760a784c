using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Portal;

/// <summary>
/// A citizen's notifications as Server-Sent Events at <c>GET /me/notifications</c> (the portal's session, or a citizen
/// token in <c>Authorization</c> for a citizen app): <c>read</c> when a department or a steward read my data, and
/// <c>consent-request</c> when a department asks for my consent. The stores are polled cheaply for anything new about
/// this citizen; what is new is then delivered through the one pipeline (<c>myAccessLog</c>, <c>myConsentRequests</c>),
/// so each delivery is decided and audited like a query. Resumable: each event's id is the cursor (<c>Last-Event-ID</c>).
/// </summary>
/// <remarks>
/// REVIEW: the same notifications are the <c>myNotifications</c> subscription on the GraphQL transports
/// (<see cref="CitizenNotificationStream"/>); this plain stream stays for the portal's page, and could read that stream.
/// </remarks>
public static class CitizenNotifications
{
    /// <summary>How often the stores are asked whether anything is new for this citizen.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    /// <summary>A comment line after this much silence keeps proxies from closing the stream.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>A stream ends after this long; the client reconnects with its Last-Event-ID.</summary>
    private static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(30);

    public static async Task<IResult> StreamAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var me = (http.Items["datahub.portal.citizen"] as HubPrincipal)!.PersonalId!;
        var audit = http.RequestServices.GetRequiredService<IDbContextFactory<AuditDbContext>>();
        var registry = http.RequestServices.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        var (readCursor, requestCursor) = Cursor(http.Request.Headers["Last-Event-ID"].ToString())
            ?? (await LastReadAsync(audit, me, cancellationToken), await LastRequestAsync(registry, me, cancellationToken));

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(": DataHub notifications\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        var ends = DateTime.UtcNow + MaxStream;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (DateTime.UtcNow < ends)
            {
                var sent = false;
                if (await LastReadAsync(audit, me, cancellationToken) > readCursor)
                {
                    var (json, _) = await PortalEndpoints.RunAsync(http,
                        "query Notifications { myAccessLog(first: 20) { nodes { id at department purpose fields outcome } } }", PortalEndpoints.Vars(), cancellationToken);
                    foreach (var node in (json?["data"]?["myAccessLog"]?["nodes"] as JsonArray ?? []).OfType<JsonNode>().Reverse())
                    {
                        var id = long.Parse(node["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                        if (id > readCursor && node["department"]?.GetValue<string>() is not ("citizen" or "representative"))
                        {
                            readCursor = id;
                            await SendAsync(http, "read", readCursor, requestCursor, node, cancellationToken);
                            sent = true;
                        }
                    }

                    readCursor = Math.Max(readCursor, await LastReadAsync(audit, me, cancellationToken));
                }

                if (await LastRequestAsync(registry, me, cancellationToken) > requestCursor)
                {
                    var (json, _) = await PortalEndpoints.RunAsync(http,
                        "query Notifications { myConsentRequests(status: \"pending\") { id department fields purpose reason until } }", PortalEndpoints.Vars(), cancellationToken);
                    foreach (var node in (json?["data"]?["myConsentRequests"] as JsonArray ?? []).OfType<JsonNode>().OrderBy(n => n["id"]!.GetValue<int>()))
                    {
                        if (node["id"]!.GetValue<int>() is var id && id > requestCursor)
                        {
                            requestCursor = id;
                            await SendAsync(http, "consent-request", readCursor, requestCursor, node, cancellationToken);
                            sent = true;
                        }
                    }
                }

                if (sent)
                {
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince > KeepAlive)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTime.UtcNow;
                }

                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }

        return Results.Empty;
    }

    // Entries about me by someone else: my own reads (including these deliveries) never wake the stream.
    private static async Task<long> LastReadAsync(IDbContextFactory<AuditDbContext> audit, string me, CancellationToken cancellationToken)
    {
        await using var db = await audit.CreateDbContextAsync(cancellationToken);
        return await db.Entries.Where(e => e.PrincipalKind != "citizen" && db.Subjects.Any(s => s.EntryId == e.Id && s.PersonalId == me))
            .MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
    }

    private static async Task<int> LastRequestAsync(IDbContextFactory<RegistryDbContext> registry, string me, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.ConsentRequests.Where(r => r.CitizenPersonalId == me).MaxAsync(r => (int?)r.Id, cancellationToken) ?? 0;
    }

    private static async Task SendAsync(HttpContext http, string kind, long readCursor, int requestCursor, JsonNode data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync($"id: {readCursor}:{requestCursor}\nevent: {kind}\ndata: {data.ToJsonString(JsonSerializerOptions.Default)}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static (long, int)? Cursor(string lastEventId) =>
        lastEventId.Split(':') is [var read, var request] && long.TryParse(read, out var r) && int.TryParse(request, out var q) ? (r, q) : null;
}
