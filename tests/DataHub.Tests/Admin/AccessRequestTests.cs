using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Admin;

/// <summary>A department asks for fields, a steward decides, the department sees the outcome.</summary>
[Collection(HubCollection.Name)]
public sealed class AccessRequestTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "medical-treatment";
    private const string Occupation = "{ citizens(first: 1) { nodes { occupation } } }";
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_request_waits_and_the_department_sees_it_pending()
    {
        var request = await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose);

        var mine = (await _hub.AdminAsync("{ myAccessRequests { id status fields purpose justification } }", token: _hub.DepartmentToken("so-y-te"))).Ok();
        var pending = (await _hub.AdminAsync("{ accessRequests(status: PENDING) { id department } }")).Ok();

        Assert.Equal("PENDING", request["status"]!.GetValue<string>());
        Assert.Equal(request["id"]!.GetValue<int>(), Assert.Single(mine["myAccessRequests"]!.AsArray())!["id"]!.GetValue<int>());
        Assert.Contains(pending["accessRequests"]!.AsArray(), r => r!["department"]!.GetValue<string>() == "so-y-te");
        Assert.Equal(["FIELD_NOT_GRANTED"], (await _hub.PostAsync(Occupation, token: _hub.DepartmentToken("so-y-te"), purpose: Purpose)).ErrorCodes);
    }

    [Fact]
    public async Task Approval_creates_the_grants_and_the_next_query_succeeds()
    {
        var request = await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation", "Citizen.educationLevel"], Purpose);

        var approved = await _hub.AdminAsync(
            "mutation($id: Int!) { approveAccessRequest(id: $id, version: 0, legalBasis: \"Luật Khám bệnh, chữa bệnh 2023\", validTo: \"2099-12-31\", reason: \"Có căn cứ\") { status grantIds decidedBy version } }",
            new { id = request["id"]!.GetValue<int>() });
        var next = await _hub.PostAsync("{ citizens(first: 1) { nodes { occupation educationLevel } } }", token: _hub.DepartmentToken("so-y-te"), purpose: Purpose);
        var mine = (await _hub.AdminAsync("{ myAccessRequests { status legalBasis validTo } }", token: _hub.DepartmentToken("so-y-te"))).Ok();

        var outcome = approved.Ok()["approveAccessRequest"]!;
        Assert.Equal("APPROVED", outcome["status"]!.GetValue<string>());
        Assert.Equal(2, outcome["grantIds"]!.AsArray().Count);
        Assert.Equal("test-steward", outcome["decidedBy"]!.GetValue<string>());
        Assert.Empty(next.Errors);
        Assert.Equal("APPROVED", mine["myAccessRequests"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("2099-12-31T00:00:00Z", mine["myAccessRequests"]![0]!["validTo"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejection_keeps_the_reason_for_the_department_and_grants_nothing()
    {
        var request = await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose);

        (await _hub.AdminAsync("mutation($id: Int!) { rejectAccessRequest(id: $id, version: 0, reason: \"Không có căn cứ pháp lý\") { status } }",
            new { id = request["id"]!.GetValue<int>() })).Ok();
        var mine = (await _hub.AdminAsync("{ myAccessRequests { status reason } }", token: _hub.DepartmentToken("so-y-te"))).Ok()["myAccessRequests"]![0]!;

        Assert.Equal("REJECTED", mine["status"]!.GetValue<string>());
        Assert.Equal("Không có căn cứ pháp lý", mine["reason"]!.GetValue<string>());
        Assert.Empty(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_REASON_REQUIRED()
    {
        var request = await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose);

        var response = await _hub.AdminAsync("mutation($id: Int!) { rejectAccessRequest(id: $id, version: 0, reason: \"\") { status } }",
            new { id = request["id"]!.GetValue<int>() });

        Assert.Equal("REASON_REQUIRED", response.Code());
    }

    [Fact]
    public async Task Approving_an_already_decided_request_is_REQUEST_ALREADY_DECIDED_and_grants_nothing_more()
    {
        var id = (await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose))["id"]!.GetValue<int>();
        (await _hub.AdminAsync("mutation($id: Int!) { rejectAccessRequest(id: $id, version: 0, reason: \"Không\") { status } }", new { id })).Ok();

        var again = await _hub.AdminAsync("mutation($id: Int!) { approveAccessRequest(id: $id, version: 1, legalBasis: \"x\") { status } }", new { id });

        Assert.Equal("REQUEST_ALREADY_DECIDED", again.Code());
        Assert.Empty(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Fact]
    public async Task Two_stewards_approving_at_once_create_the_grants_once()
    {
        var id = (await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose))["id"]!.GetValue<int>();
        const string Approve = "mutation($id: Int!) { approveAccessRequest(id: $id, version: 0, legalBasis: \"Luật KBCB 2023\") { status } }";

        var results = await Task.WhenAll(_hub.AdminAsync(Approve, new { id }), _hub.AdminAsync(Approve, new { id }));

        Assert.Single(results, r => r.Errors.Count == 0);
        Assert.Contains(Assert.Single(results, r => r.Errors.Count > 0).Code(), new[] { "CONFLICT", "REQUEST_ALREADY_DECIDED" });
        Assert.Single(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Fact]
    public async Task Approving_with_a_stale_version_is_a_CONFLICT()
    {
        var id = (await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose))["id"]!.GetValue<int>();

        var response = await _hub.AdminAsync("mutation($id: Int!) { approveAccessRequest(id: $id, version: 7, legalBasis: \"x\") { status } }", new { id });

        Assert.Equal("CONFLICT", response.Code());
    }

    [Theory]
    [InlineData("2026-06-01", "2026-01-01", "INVALID_VALIDITY")]
    [InlineData(null, null, "UNKNOWN_REQUEST")]
    public async Task Bad_approvals_are_refused_and_change_nothing(string? validFrom, string? validTo, string code)
    {
        var id = (await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose))["id"]!.GetValue<int>();

        var response = await _hub.AdminAsync(
            "mutation($id: Int!, $from: String, $to: String) { approveAccessRequest(id: $id, version: 0, legalBasis: \"x\", validFrom: $from, validTo: $to) { status } }",
            new { id = code == "UNKNOWN_REQUEST" ? 4242 : id, from = validFrom, to = validTo });

        Assert.Equal(code, response.Code());
        using var db = _hub.Registry();
        Assert.Equal("Pending", (await db.AccessRequests.SingleAsync(r => r.Id == id)).Status.ToString());
        Assert.Empty(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Theory]
    [InlineData("Citizen.nope", Purpose, "UNKNOWN_FIELD")]
    [InlineData("Citizen.occupation", "khong-co", "UNKNOWN_PURPOSE")]
    [InlineData("Citizen.occupation", "land-registration", "PURPOSE_NOT_ALLOWED")]
    public async Task Bad_requests_are_refused_with_their_code(string field, string purpose, string code)
    {
        var response = await _hub.AdminAsync(
            "mutation($f: String!, $p: String!) { requestAccess(fields: [$f], purpose: $p, justification: \"x\") { id } }",
            new { f = field, p = purpose }, _hub.DepartmentToken("so-y-te"));

        Assert.Equal(code, response.Code());
        using var db = _hub.Registry();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task Only_a_department_token_asks_for_access()
    {
        var response = await _hub.AdminAsync(
            "mutation { requestAccess(fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", justification: \"x\") { id } }");

        Assert.Equal("DEPARTMENT_ONLY", response.Code());
    }

    [Fact]
    public async Task A_department_sees_only_its_own_requests()
    {
        await _hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], Purpose);

        var other = (await _hub.AdminAsync("{ myAccessRequests { id } }", token: _hub.DepartmentToken("bhxh"))).Ok();

        Assert.Empty(other["myAccessRequests"]!.AsArray());
    }

    public void Dispose() => _hub.Dispose();
}
