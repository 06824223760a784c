using System.Text.Json.Nodes;
using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using GraphQL;

namespace DataHub.Hub.Documents;

/// <summary>
/// What the steward console's documents page shows and does, apart from its HTML so the page can move: the pending
/// documents with the fields they read and the purposes they may run under, and the approve and reject decisions. Every
/// read and change runs through the admin API on the one pipeline (<see cref="AdminGraphQL"/>), so it is audited with the
/// steward's identity and refused with the same codes as over HTTP.
/// </summary>
public static class DocumentReview
{
    /// <summary>A pending document as the page lists it.</summary>
    public sealed record Pending(int Id, int Version, string DocumentId, string Department, string AppVersion, string Name,
        IReadOnlyList<string> Fields, IReadOnlyList<string> Purposes, string Text, string SubmittedBy, string SubmittedAt);

    /// <summary>The pending documents, oldest first, and the answer they came in (its errors, if any).</summary>
    public static async Task<(IReadOnlyList<Pending> Documents, JsonNode Result)> PendingAsync(
        HubPrincipal steward, HttpContext http)
    {
        var result = await RunAsync(steward, http,
            "{ documents(state: PENDING) { id version documentId department appVersion name fields purposes text submittedBy submittedAt } }", null);
        var documents = (result["data"]?["documents"] as JsonArray ?? []).Select(d => new Pending(
            d!["id"]!.GetValue<int>(), d["version"]!.GetValue<int>(), S(d, "documentId"), S(d, "department"), S(d, "appVersion"), S(d, "name"),
            Strings(d["fields"]), Strings(d["purposes"]), S(d, "text"), S(d, "submittedBy"), S(d, "submittedAt"))).Reverse().ToList();
        return (documents, result);
    }

    /// <summary>Approves or rejects one document; the answer carries the refusal (e.g. FIELD_NOT_GRANTED) when there is one.</summary>
    public static Task<JsonNode> DecideAsync(HubPrincipal steward, HttpContext http, int id, int version, bool approve, string? reason) =>
        RunAsync(steward, http, approve
            ? "mutation($id: Int!, $version: Int!, $reason: String) { approveDocument(id: $id, version: $version, reason: $reason) { id state } }"
            : "mutation($id: Int!, $version: Int!, $reason: String!) { rejectDocument(id: $id, version: $version, reason: $reason) { id state } }",
            new Dictionary<string, object?> { ["id"] = id, ["version"] = version, ["reason"] = approve ? reason : reason ?? "" });

    private static async Task<JsonNode> RunAsync(HubPrincipal steward, HttpContext http, string query, Dictionary<string, object?>? variables)
    {
        var result = await http.RequestServices.GetRequiredService<AdminGraphQL>().ExecuteAsync(steward, query,
            variables is null ? null : new Inputs(variables), null, http.TraceIdentifier, http.RequestServices, http.RequestAborted);
        return JsonNode.Parse(AdminGraphQL.Serialize(http.RequestServices, result))!;
    }

    private static string S(JsonNode? node, string name) => node?[name]?.ToString() ?? "";

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToList();
}
