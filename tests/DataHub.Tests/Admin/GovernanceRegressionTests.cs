using System.Text;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Admin;

/// <summary>Holes in governance, each closed by a change and kept closed by a test through the real admin API.</summary>
[Collection(HubCollection.Name)]
public sealed class GovernanceRegressionTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "medical-treatment";
    private const string Query = "{ citizens(first: 1) { nodes { fullName } } }";
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task Registering_an_application_id_that_differs_only_by_case_is_refused_and_the_policy_stays_up()
    {
        var taken = (await ApplicationIdAsync("so-y-te")).ToUpperInvariant();

        var response = await _hub.AdminAsync(
            "mutation($app: String) { addDepartment(code: \"so-y-te-2\", name: \"Sở Y tế (bản sao)\", owningAgency: \"UBND tỉnh\", entraApplicationId: $app) { code } }",
            new { app = taken });
        var query = await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-y-te"), purpose: Purpose);

        Assert.Equal("DEPARTMENT_EXISTS", response.Code());
        Assert.Contains("'so-y-te'", response.Errors[0]!["message"]!.GetValue<string>());
        Assert.Equal(200, query.Status);
        await using var db = _hub.Registry();
        Assert.False(await db.Departments.AnyAsync(d => d.Code == "so-y-te-2"));
    }

    [Fact]
    public async Task A_registry_with_two_departments_on_one_application_id_still_loads_and_resolves_neither()
    {
        var shared = await ApplicationIdAsync("so-y-te");
        await using (var db = _hub.Registry())
        {
            // Only a registry changed by hand can hold this (the admin API refuses it): the policy must not fall over.
            db.Departments.Add(new Department { Code = "so-y-te-2", Name = "x", OwningAgency = "y", EntraApplicationId = shared.ToUpperInvariant() });
            await db.SaveChangesAsync();
        }

        _hub.Access.InvalidateLocal();

        var ambiguous = await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-y-te"), purpose: Purpose);
        var other = await _hub.PostAsync(Query, token: _hub.DepartmentToken("bhxh"), purpose: "health-insurance-enrolment");

        Assert.Equal(403, ambiguous.Status);
        Assert.Equal(["UNKNOWN_DEPARTMENT"], ambiguous.ErrorCodes);
        Assert.Equal(200, other.Status);
    }

    [Fact]
    public async Task A_never_exposed_field_cannot_be_reclassified_and_nothing_changes()
    {
        var response = await _hub.AdminAsync(
            "mutation { classifyField(field: \"Citizen.fingerprints\", class: BASELINE, reason: \"Thử nghiệm\") { field class } }");
        var classes = (await _hub.AdminAsync("{ fieldClassifications(class: NEVER) { field } }")).Ok()["fieldClassifications"]!.AsArray();
        var changes = (await _hub.AdminAsync("{ adminChanges(target: \"field/Citizen.fingerprints\") { action } }")).Ok()["adminChanges"]!.AsArray();

        Assert.Equal("FIELD_NEVER_EXPOSED", response.Code());
        Assert.Contains(classes, c => c!["field"]!.GetValue<string>() == "Citizen.fingerprints");
        Assert.Empty(changes);
    }

    [Fact]
    public async Task A_justification_over_2000_characters_is_INVALID_ARGUMENT_and_no_request_is_stored()
    {
        var token = _hub.DepartmentToken("so-y-te");

        var response = await _hub.AdminAsync(
            "mutation($j: String!) { requestAccess(fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", justification: $j) { id } }",
            new { j = new string('x', 2_001) }, token);
        var mine = (await _hub.AdminAsync("{ myAccessRequests { id } }", token: token)).Ok()["myAccessRequests"]!.AsArray();

        Assert.Equal("INVALID_ARGUMENT", response.Code());
        Assert.Contains("justification", response.Errors[0]!["message"]!.GetValue<string>());
        Assert.Empty(mine);
    }

    [Fact]
    public async Task More_than_100_fields_in_one_request_is_INVALID_ARGUMENT()
    {
        var fields = Enumerable.Range(0, 101).Select(i => $"Citizen.field{i}").ToArray();

        var response = await _hub.AdminAsync(
            "mutation($f: [String!]!) { requestAccess(fields: $f, purpose: \"medical-treatment\", justification: \"Cần\") { id } }",
            new { f = fields }, _hub.DepartmentToken("so-y-te"));

        Assert.Equal("INVALID_ARGUMENT", response.Code());
    }

    [Fact]
    public async Task A_reason_over_2000_characters_is_INVALID_ARGUMENT_and_nothing_is_granted()
    {
        var response = await _hub.AdminAsync(
            "mutation($r: String) { grantAccess(department: \"so-y-te\", fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", legalBasis: \"Luật\", reason: $r) { id } }",
            new { r = new string('x', 2_001) });

        Assert.Equal("INVALID_ARGUMENT", response.Code());
        Assert.Empty(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Fact]
    public async Task A_department_name_over_200_characters_is_INVALID_ARGUMENT()
    {
        var response = await _hub.AdminAsync(
            "mutation($n: String!) { addDepartment(code: \"so-gd\", name: $n, owningAgency: \"UBND tỉnh\") { code } }",
            new { n = new string('x', 201) });

        Assert.Equal("INVALID_ARGUMENT", response.Code());
    }

    public static TheoryData<string> BadCursors =>
    [
        "not a cursor",
        "",
        Base64("-1"),
        Base64("abc"),
        Base64("99999999999"),
        Base64(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "////",
    ];

    [Theory]
    [MemberData(nameof(BadCursors))]
    public async Task A_bad_audit_log_cursor_is_INVALID_CURSOR_never_a_500(string after)
    {
        var response = await _hub.AdminAsync("query($a: String) { auditLog(first: 5, after: $a) { totalCount nodes { id } } }", new { a = after });

        // Refused while the operation is planned, before the audit store is read: a 4xx, as bad input is.
        Assert.Equal(400, response.Status);
        Assert.Equal("INVALID_CURSOR", response.Code());
    }

    public void Dispose() => _hub.Dispose();

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task<string> ApplicationIdAsync(string department)
    {
        await using var db = _hub.Registry();
        return (await db.Departments.AsNoTracking().SingleAsync(d => d.Code == department)).EntraApplicationId!;
    }
}
