using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Sources;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// The hub hosted in-process over the test's demo data, through the real HTTP pipeline
/// (as eShop's functional tests do). It never writes into the repository.
/// </summary>
public sealed class HubFactory(string dataDirectory, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public SqlCommandLog SqlLog => Services.GetRequiredService<SqlCommandLog>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataHub:DataDirectory", dataDirectory);
        builder.UseSetting("DataHub:SeedDemoDataOnStart", "false");
        builder.UseSetting("DataHub:WriteCompositeSchema", "false");
        builder.UseSetting("DataHub:RecordSql", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>POSTs a GraphQL request and returns the status and parsed body.</summary>
    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null, string accept = "application/graphql-response+json")
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }
}

/// <summary>A GraphQL response as a test sees it.</summary>
public sealed record GraphQLResponse(int Status, string? MediaType, string Body, JsonNode? Json)
{
    public JsonNode? Data => Json?["data"];

    public JsonArray Errors => Json?["errors"] as JsonArray ?? [];

    public IEnumerable<string?> ErrorCodes => Errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>());

    public int SourceCalls(string source) => Json?["extensions"]?["sourceCalls"]?[source]?.GetValue<int>() ?? 0;

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = body.Length > 0 ? JsonNode.Parse(body) : null;
        }
        catch (JsonException)
        {
        }

        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, json);
    }
}
