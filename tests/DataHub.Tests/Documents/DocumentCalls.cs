using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Documents;

/// <summary>The calls the trusted-document tests make: push, review and run, through the real HTTP pipeline.</summary>
internal static class DocumentCalls
{
    public const string Department = "so-y-te";
    public const string Purpose = "medical-treatment";

    /// <summary>Registers documents as the department's app does (admin API, department token).</summary>
    public static async Task<GraphQLResponse> PushAsync(this HubFactory hub, string appVersion, params (string Name, string Text)[] documents) =>
        await hub.AdminAsync(
            "mutation($v: String!, $d: [DocumentInput!]!) { registerDocuments(appVersion: $v, documents: $d) " +
            "{ id documentId appVersion name state fields purposes version submittedBy } }",
            new { v = appVersion, d = documents.Select(d => new { name = d.Name, text = d.Text }) }, hub.DepartmentToken(Department));

    public static async Task<JsonNode> PushOkAsync(this HubFactory hub, string appVersion, string name, string text) =>
        Assert.Single((await hub.PushAsync(appVersion, (name, text))).Ok()["registerDocuments"]!.AsArray())!;

    public static async Task<GraphQLResponse> ApproveAsync(this HubFactory hub, JsonNode document) =>
        await hub.AdminAsync("mutation($id: Int!, $v: Int!) { approveDocument(id: $id, version: $v, reason: \"Đúng nghiệp vụ khám bệnh\") { id state reviewedBy purposes version } }",
            new { id = document["id"]!.GetValue<int>(), v = document["version"]!.GetValue<int>() });

    public static async Task<JsonNode> DocumentAsync(this HubFactory hub, int id) =>
        (await hub.AdminAsync("{ documents(department: \"so-y-te\") { id documentId state purposes reason version } }"))
            .Ok()["documents"]!.AsArray().Single(d => d!["id"]!.GetValue<int>() == id)!;

    /// <summary>POSTs a raw JSON body to /graphql as the department, stating the purpose.</summary>
    public static async Task<GraphQLResponse> SendAsync(this HubFactory hub, object body, string? token = null, string? purpose = Purpose)
    {
        using var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? hub.DepartmentToken(Department));
        if (purpose is not null)
        {
            request.Headers.Add("X-Purpose", purpose);
        }

        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>The GraphQL-over-HTTP persisted-document form.</summary>
    public static object ById(string documentId, object? variables) => new { documentId, variables };

    /// <summary>Apollo's form: the hash alone, in extensions.persistedQuery.</summary>
    public static object ApolloById(string documentId, object? variables) =>
        new { variables, extensions = new { persistedQuery = new { version = 1, sha256Hash = documentId["sha256:".Length..] } } };
}
