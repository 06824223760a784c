using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Documents;

/// <summary>
/// <c>Security:TrustedDocumentsOnly</c>: document text from a department app is refused before it is parsed, stewards
/// may always send their own; on by default in Production, off in Development. And the request reader's rules for ids.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class TrustedModeTests(DemoDataFixture data)
{
    private const string AdHoc = "{ citizens(first: 1) { nodes { fullName } } }";

    [Fact]
    public async Task In_trusted_mode_document_text_from_a_department_is_refused_before_it_is_parsed()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["Security:TrustedDocumentsOnly"] = "true" });

        var notGraphQL = await hub.SendAsync(new { query = "{ this is not GraphQL" });
        var valid = await hub.SendAsync(new { query = AdHoc });

        Assert.Equal((403, "DOCUMENT_NOT_TRUSTED"), (notGraphQL.Status, Assert.Single(notGraphQL.ErrorCodes)));
        Assert.Equal((403, "DOCUMENT_NOT_TRUSTED"), (valid.Status, Assert.Single(valid.ErrorCodes)));
        Assert.Null(valid.Json?["extensions"]?["sourceCalls"]);
        var entry = await hub.LastAuditEntryAsync();
        Assert.Equal(("so-y-te", "rejected", "DOCUMENT_NOT_TRUSTED"), (entry.Principal, entry.Outcome, entry.ErrorCodes));
    }

    [Fact]
    public async Task In_trusted_mode_a_steward_may_still_send_any_document()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["Security:TrustedDocumentsOnly"] = "true" });

        var answer = await hub.PostAsync(AdHoc);

        Assert.Equal(200, answer.Status);
        Assert.NotNull(answer.Data?["citizens"]?["nodes"]?[0]?["fullName"]);
    }

    [Fact]
    public async Task Production_runs_only_trusted_documents_by_default_and_Development_runs_any()
    {
        using var production = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Identity:LocalIssuer:AllowInProduction"] = "true",
        });
        using var development = new HubFactory(data.DataDirectory, new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["DataHub:DemoDepartments:Enabled"] = "false",
        });

        var refused = await production.SendAsync(new { query = AdHoc });
        var allowed = await development.SendAsync(new { query = AdHoc });

        Assert.Equal("DOCUMENT_NOT_TRUSTED", Assert.Single(refused.ErrorCodes));
        Assert.Equal(200, allowed.Status);
        Assert.NotNull(allowed.Data?["citizens"]?["nodes"]?[0]?["fullName"]);
    }

    [Theory]
    [InlineData("""{"query":"{ citizens(first: 1) { totalCount } }","documentId":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"documentId":"md5:abc"}""")]
    [InlineData("""{"documentId":"sha256:ABCDEF"}""")]
    [InlineData("""{"documentId":7}""")]
    [InlineData("""{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"xyz"}}}""")]
    [InlineData("""{"documentId":"sha256:0000000000000000000000000000000000000000000000000000000000000000","extensions":{"persistedQuery":{"version":1,"sha256Hash":"1111111111111111111111111111111111111111111111111111111111111111"}}}""")]
    public async Task A_malformed_or_ambiguous_document_id_is_INVALID_REQUEST(string body)
    {
        using var hub = new HubFactory(data.DataDirectory);

        var answer = await hub.SendAsync(System.Text.Json.JsonDocument.Parse(body).RootElement);

        Assert.Equal((400, "INVALID_REQUEST"), (answer.Status, Assert.Single(answer.ErrorCodes)));
    }

    [Fact]
    public async Task A_document_can_be_run_by_id_with_GET()
    {
        using var hub = new HubFactory(data.DataDirectory);
        var pushed = await hub.PushOkAsync("1.0", "Count.graphql", "query Count { citizens(first: 1) { totalCount } }");
        (await hub.ApproveAsync(pushed)).Ok();
        using var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", hub.DepartmentToken(DocumentCalls.Department));
        client.DefaultRequestHeaders.Add("X-Purpose", DocumentCalls.Purpose);

        using var response = await client.GetAsync($"/graphql?documentId={Uri.EscapeDataString(pushed["documentId"]!.GetValue<string>())}");
        var answer = await GraphQLResponse.ReadAsync(response);

        Assert.Equal(200, answer.Status);
        Assert.Equal(DemoDataFixture.Citizens, answer.Data?["citizens"]?["totalCount"]?.GetValue<int>());
    }
}
