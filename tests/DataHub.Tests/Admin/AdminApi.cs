using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Admin;

/// <summary>Calls <c>/admin/graphql</c> of a hub, as a steward by default.</summary>
internal static class AdminApi
{
    public static async Task<GraphQLResponse> AdminAsync(this HubFactory hub, string query, object? variables = null, string? token = null)
    {
        using var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? hub.StewardToken);
        // The spec's media type, whose status codes say when a request could not execute (no Accept gets application/json).
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>The data of a response that must have no errors.</summary>
    public static JsonNode Ok(this GraphQLResponse response)
    {
        Assert.True(response.Errors.Count == 0, response.Body);
        return response.Data!;
    }

    /// <summary>The one error code of a refused operation, after checking it changed nothing visible in data.</summary>
    public static string Code(this GraphQLResponse response)
    {
        var error = Assert.Single(response.Errors);
        return error!["extensions"]!["code"]!.GetValue<string>();
    }

    public static async Task<JsonNode> RequestAccessAsync(this HubFactory hub, string department, string[] fields, string purpose)
    {
        var response = await hub.AdminAsync(
            "mutation($fields: [String!]!, $purpose: String!) { requestAccess(fields: $fields, purpose: $purpose, justification: \"Cần cho hồ sơ bệnh án\") { id status version fields } }",
            new { fields, purpose }, hub.DepartmentToken(department));
        return response.Ok()["requestAccess"]!;
    }

    public static async Task<JsonArray> GrantsAsync(this HubFactory hub, string department, string field, bool includeRevoked = false) =>
        (await hub.AdminAsync(
            "query($d: String, $f: String, $r: Boolean) { grants(department: $d, field: $f, includeRevoked: $r) { id purpose version live revokedAt validTo } }",
            new { d = department, f = field, r = includeRevoked })).Ok()["grants"]!.AsArray();
}
