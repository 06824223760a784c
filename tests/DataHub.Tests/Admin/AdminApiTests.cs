using System.Net;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Admin;

/// <summary>The admin API at /admin/graphql: every operation, through the real HTTP pipeline, and what each changes.</summary>
[Collection(HubCollection.Name)]
public sealed class AdminApiTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "medical-treatment";
    private const string Occupation = "{ citizens(first: 1) { nodes { occupation } } }";
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task Without_a_token_the_admin_api_answers_401()
    {
        using var client = _hub.CreateClient();
        using var response = await client.PostAsync("/admin/graphql",
            new StringContent("{\"query\":\"{ departments { code } }\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_citizen_token_is_refused_with_403()
    {
        var response = await _hub.AdminAsync("{ departments { code } }", token: _hub.CitizenToken(data.Column("population", "SELECT personal_id FROM citizens LIMIT 1")[0]));

        Assert.Equal(403, response.Status);
        Assert.Equal(["STEWARD_ONLY"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_department_token_cannot_use_steward_operations()
    {
        var token = _hub.DepartmentToken("so-y-te");

        var read = await _hub.AdminAsync("{ departments { code } }", token: token);
        var grant = await _hub.AdminAsync(
            "mutation { grantAccess(department: \"so-y-te\", fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", legalBasis: \"x\") { id } }", token: token);

        Assert.Equal("STEWARD_ONLY", read.Code());
        Assert.Equal("STEWARD_ONLY", grant.Code());
        Assert.Empty(await _hub.GrantsAsync("so-y-te", "Citizen.occupation"));
    }

    [Fact]
    public async Task Stewards_read_departments_purposes_and_classification()
    {
        var result = (await _hub.AdminAsync("{ departments { code isActive } purposes { code legalBasis departments } fieldClassifications(class: NEVER) { field class reason } }")).Ok();

        Assert.Contains(result["departments"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "so-y-te");
        Assert.Contains(result["purposes"]!.AsArray(), p => p!["code"]!.GetValue<string>() == Purpose);
        Assert.All(result["fieldClassifications"]!.AsArray(), f => Assert.Equal("NEVER", f!["class"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Adding_a_department_is_recorded_with_who_and_after()
    {
        var added = await _hub.AdminAsync(
            "mutation { addDepartment(code: \"so-gd\", name: \"Sở Giáo dục và Đào tạo\", owningAgency: \"UBND tỉnh\", entraApplicationId: \"6f1c2a10-0000-4000-8000-000000000099\", reason: \"Kết nối mới\") { code isActive } }");
        var changes = await _hub.AdminAsync("{ adminChanges(target: \"department/so-gd\") { actor action before after reason } }");

        Assert.True(added.Ok()["addDepartment"]!["isActive"]!.GetValue<bool>());
        var change = Assert.Single(changes.Ok()["adminChanges"]!.AsArray())!;
        Assert.Equal("test-steward", change["actor"]!.GetValue<string>());
        Assert.Equal("addDepartment", change["action"]!.GetValue<string>());
        Assert.Null(change["before"]);
        Assert.Contains("Sở Giáo dục", change["after"]!.GetValue<string>());
        Assert.Equal("Kết nối mới", change["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adding_a_department_twice_is_DEPARTMENT_EXISTS()
    {
        var response = await _hub.AdminAsync("mutation { addDepartment(code: \"so-y-te\", name: \"x\", owningAgency: \"y\") { code } }");

        Assert.Equal("DEPARTMENT_EXISTS", response.Code());
    }

    [Fact]
    public async Task A_deactivated_department_is_refused_at_its_next_request()
    {
        var token = _hub.DepartmentToken("so-tnmt");

        (await _hub.AdminAsync("mutation { deactivateDepartment(code: \"so-tnmt\", reason: \"Tạm dừng kết nối\") { isActive } }")).Ok();
        var next = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: token, purpose: "land-registration");

        Assert.Equal(403, next.Status);
        Assert.Equal(["DEPARTMENT_INACTIVE"], next.ErrorCodes);
    }

    [Fact]
    public async Task Deactivating_an_unknown_department_is_UNKNOWN_DEPARTMENT()
    {
        Assert.Equal("UNKNOWN_DEPARTMENT", (await _hub.AdminAsync("mutation { deactivateDepartment(code: \"so-khong-co\") { code } }")).Code());
    }

    [Fact]
    public async Task A_new_purpose_can_be_stated_at_once()
    {
        (await _hub.AdminAsync(
            "mutation { addPurpose(code: \"vaccination\", name: \"Tiêm chủng\", legalBasis: \"Luật Phòng, chống bệnh truyền nhiễm 2007\", departments: [\"so-y-te\"]) { code } }")).Ok();

        var query = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: _hub.DepartmentToken("so-y-te"), purpose: "vaccination");

        Assert.Empty(query.Errors);
    }

    [Fact]
    public async Task Updating_a_purpose_changes_who_may_state_it_and_is_recorded_with_before()
    {
        var updated = await _hub.AdminAsync(
            "mutation { updatePurpose(code: \"medical-treatment\", name: \"Khám bệnh, chữa bệnh\", legalBasis: \"Luật Khám bệnh, chữa bệnh 2023, Điều 59\", departments: [\"so-y-te\", \"bhxh\"], reason: \"BHXH giám định\") { departments legalBasis } }");
        var change = (await _hub.AdminAsync("{ adminChanges(target: \"purpose/medical-treatment\") { before after } }")).Ok()["adminChanges"]![0]!;
        var bhxh = await _hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }", token: _hub.DepartmentToken("bhxh"), purpose: Purpose);

        Assert.Equal(["bhxh", "so-y-te"], updated.Ok()["updatePurpose"]!["departments"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.DoesNotContain("Điều 59", change["before"]!.GetValue<string>());
        Assert.Contains("Điều 59", change["after"]!.GetValue<string>());
        Assert.Empty(bhxh.Errors);
    }

    [Fact]
    public async Task Purpose_errors_are_UNKNOWN_PURPOSE_PURPOSE_EXISTS_and_UNKNOWN_DEPARTMENT()
    {
        var unknown = await _hub.AdminAsync("mutation { updatePurpose(code: \"khong-co\", name: \"x\", legalBasis: \"y\", departments: []) { code } }");
        var exists = await _hub.AdminAsync("mutation { addPurpose(code: \"medical-treatment\", name: \"x\", legalBasis: \"y\", departments: []) { code } }");
        var department = await _hub.AdminAsync("mutation { addPurpose(code: \"new-one\", name: \"x\", legalBasis: \"y\", departments: [\"so-khong-co\"]) { code } }");

        Assert.Equal("UNKNOWN_PURPOSE", unknown.Code());
        Assert.Equal("PURPOSE_EXISTS", exists.Code());
        Assert.Equal("UNKNOWN_DEPARTMENT", department.Code());
        Assert.Empty((await _hub.AdminAsync("{ adminChanges(action: \"addPurpose\") { id } }")).Ok()["adminChanges"]!.AsArray());
    }

    [Fact]
    public async Task Granting_a_field_lets_the_next_query_read_it()
    {
        var token = _hub.DepartmentToken("so-y-te");
        Assert.Equal(["FIELD_NOT_GRANTED"], (await _hub.PostAsync(Occupation, token: token, purpose: Purpose)).ErrorCodes);

        var granted = await _hub.AdminAsync(
            "mutation { grantAccess(department: \"so-y-te\", fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", legalBasis: \"Luật Khám bệnh, chữa bệnh 2023\", reason: \"Bệnh nghề nghiệp\") { id version live grantedBy } }");

        var grant = Assert.Single(granted.Ok()["grantAccess"]!.AsArray())!;
        Assert.True(grant["live"]!.GetValue<bool>());
        Assert.Equal("test-steward", grant["grantedBy"]!.GetValue<string>());
        Assert.Empty((await _hub.PostAsync(Occupation, token: token, purpose: Purpose)).Errors);
    }

    [Theory]
    [InlineData("so-khong-co", "Citizen.occupation", "medical-treatment", null, null, "UNKNOWN_DEPARTMENT")]
    [InlineData("so-y-te", "Citizen.khongCo", "medical-treatment", null, null, "UNKNOWN_FIELD")]
    [InlineData("so-y-te", "Citizen.occupation", "khong-co", null, null, "UNKNOWN_PURPOSE")]
    [InlineData("so-y-te", "Citizen.occupation", "land-registration", null, null, "PURPOSE_NOT_ALLOWED")]
    [InlineData("so-y-te", "Citizen.occupation", "medical-treatment", "2026-06-01", "2026-01-01", "INVALID_VALIDITY")]
    [InlineData("so-y-te", "Citizen.occupation", "medical-treatment", "2026-06-01", "2026-06-01", "INVALID_VALIDITY")]
    [InlineData("so-y-te", "Citizen.occupation", "medical-treatment", "not a date", null, "INVALID_ARGUMENT")]
    public async Task A_bad_grant_is_refused_with_its_code_and_changes_nothing(
        string department, string field, string purpose, string? validFrom, string? validTo, string code)
    {
        var response = await _hub.AdminAsync(
            "mutation($d: String!, $f: String!, $p: String!, $from: String, $to: String) { grantAccess(department: $d, fields: [$f], purpose: $p, legalBasis: \"x\", validFrom: $from, validTo: $to) { id } }",
            new { d = department, f = field, p = purpose, from = validFrom, to = validTo });

        Assert.Equal(code, response.Code());
        using var db = _hub.Registry();
        Assert.Equal(0, await db.FieldGrants.CountAsync(g => g.GrantedBy == "test-steward"));
        Assert.Equal(0, await db.AdminChanges.CountAsync());
    }

    [Fact]
    public async Task A_never_exposed_field_cannot_be_granted()
    {
        var never = (await _hub.AdminAsync("{ fieldClassifications(class: NEVER) { field } }")).Ok()["fieldClassifications"]![0]!["field"]!.GetValue<string>();

        var response = await _hub.AdminAsync(
            "mutation($f: String!) { grantAccess(department: \"so-y-te\", fields: [$f], purpose: \"medical-treatment\", legalBasis: \"x\") { id } }", new { f = never });

        Assert.Equal("FIELD_NEVER_EXPOSED", response.Code());
    }

    [Fact]
    public async Task Revoking_a_grant_rejects_the_next_query_and_keeps_its_history()
    {
        var token = _hub.DepartmentToken("so-y-te");
        var grant = (await _hub.GrantsAsync("so-y-te", "Citizen.phoneNumber")).Single(g => g!["purpose"]!.GetValue<string>() == Purpose)!;
        var id = grant["id"]!.GetValue<int>();

        var revoked = await _hub.AdminAsync("mutation($id: Int!) { revokeGrant(id: $id, version: 0, reason: \"Hết nhu cầu\") { revokedAt live version } }", new { id });
        var next = await _hub.PostAsync("{ citizens(first: 1) { nodes { phoneNumber } } }", token: token, purpose: Purpose);
        var history = (await _hub.AdminAsync("query($t: String) { adminChanges(target: $t) { action before after reason } }", new { t = $"grant/{id}" })).Ok();

        Assert.Equal(1, revoked.Ok()["revokeGrant"]!["version"]!.GetValue<int>());
        Assert.False(revoked.Ok()["revokeGrant"]!["live"]!.GetValue<bool>());
        Assert.Equal(["FIELD_NOT_GRANTED"], next.ErrorCodes);
        var change = Assert.Single(history["adminChanges"]!.AsArray())!;
        Assert.Equal("revokeGrant", change["action"]!.GetValue<string>());
        Assert.Contains("\"revokedAt\":null", change["before"]!.GetValue<string>());
        Assert.DoesNotContain("\"revokedAt\":null", change["after"]!.GetValue<string>());
        Assert.Equal("Hết nhu cầu", change["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoking_with_a_stale_version_is_a_CONFLICT_and_changes_nothing()
    {
        var id = (await _hub.GrantsAsync("so-y-te", "Citizen.email"))[0]!["id"]!.GetValue<int>();
        (await _hub.AdminAsync("mutation($id: Int!) { setGrantValidity(id: $id, version: 0, validTo: \"2099-01-01\") { version } }", new { id })).Ok();

        var stale = await _hub.AdminAsync("mutation($id: Int!) { revokeGrant(id: $id, version: 0) { id } }", new { id });

        Assert.Equal("CONFLICT", stale.Code());
        var grant = (await _hub.GrantsAsync("so-y-te", "Citizen.email"))[0]!;
        Assert.Null(grant["revokedAt"]);
        Assert.Equal(1, grant["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_concurrent_edits_of_one_grant_give_one_success_and_one_CONFLICT()
    {
        var id = (await _hub.GrantsAsync("so-y-te", "Citizen.bloodType"))[0]!["id"]!.GetValue<int>();

        var results = await Task.WhenAll(
            _hub.AdminAsync("mutation($id: Int!) { revokeGrant(id: $id, version: 0, reason: \"a\") { id } }", new { id }),
            _hub.AdminAsync("mutation($id: Int!) { setGrantValidity(id: $id, version: 0, validTo: \"2099-01-01\", reason: \"b\") { id } }", new { id }));

        Assert.Single(results, r => r.Errors.Count == 0);
        Assert.Equal("CONFLICT", Assert.Single(results, r => r.Errors.Count > 0).Code());
        Assert.Equal(1, (await _hub.GrantsAsync("so-y-te", "Citizen.bloodType", includeRevoked: true))[0]!["version"]!.GetValue<int>());
        Assert.Single((await _hub.AdminAsync("query($t: String) { adminChanges(target: $t) { id } }", new { t = $"grant/{id}" })).Ok()["adminChanges"]!.AsArray());
    }

    [Fact]
    public async Task A_validity_that_ended_expires_the_grant_at_once()
    {
        var token = _hub.DepartmentToken("so-y-te");
        var id = (await _hub.GrantsAsync("so-y-te", "Citizen.phoneNumber")).Single(g => g!["purpose"]!.GetValue<string>() == Purpose)!["id"]!.GetValue<int>();

        var changed = await _hub.AdminAsync(
            "mutation($id: Int!) { setGrantValidity(id: $id, version: 0, validFrom: \"2025-01-01\", validTo: \"2025-06-01\", reason: \"Hết hạn\") { validTo live } }", new { id });

        Assert.False(changed.Ok()["setGrantValidity"]!["live"]!.GetValue<bool>());
        Assert.Equal(["FIELD_NOT_GRANTED"], (await _hub.PostAsync("{ citizens(first: 1) { nodes { phoneNumber } } }", token: token, purpose: Purpose)).ErrorCodes);
    }

    [Fact]
    public async Task A_validity_that_ends_before_it_starts_is_INVALID_VALIDITY_and_changes_nothing()
    {
        var id = (await _hub.GrantsAsync("so-y-te", "Citizen.email"))[0]!["id"]!.GetValue<int>();

        var response = await _hub.AdminAsync("mutation($id: Int!) { setGrantValidity(id: $id, version: 0, validFrom: \"2026-06-01\", validTo: \"2026-01-01\") { id } }", new { id });

        Assert.Equal("INVALID_VALIDITY", response.Code());
        Assert.Equal(0, (await _hub.GrantsAsync("so-y-te", "Citizen.email"))[0]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Changing_an_unknown_grant_is_UNKNOWN_GRANT()
    {
        Assert.Equal("UNKNOWN_GRANT", (await _hub.AdminAsync("mutation { revokeGrant(id: 999999, version: 0) { id } }")).Code());
    }

    [Fact]
    public async Task Classifying_a_field_changes_the_next_decision_and_keeps_the_reason()
    {
        var token = _hub.DepartmentToken("so-y-te");
        Assert.Equal(["FIELD_NOT_GRANTED"], (await _hub.PostAsync(Occupation, token: token, purpose: Purpose)).ErrorCodes);

        var classified = await _hub.AdminAsync(
            "mutation { classifyField(field: \"Citizen.occupation\", class: BASELINE, reason: \"Nghị định mới: trường dùng chung\") { class reason } }");

        Assert.Equal("BASELINE", classified.Ok()["classifyField"]!["class"]!.GetValue<string>());
        Assert.Empty((await _hub.PostAsync(Occupation, token: token, purpose: Purpose)).Errors);
        var change = Assert.Single((await _hub.AdminAsync("{ adminChanges(target: \"field/Citizen.occupation\") { before after reason } }")).Ok()["adminChanges"]!.AsArray())!;
        Assert.Contains("Restricted", change["before"]!.GetValue<string>());
        Assert.Contains("Baseline", change["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Classifying_a_granted_field_as_never_names_the_grants_and_changes_nothing()
    {
        var grants = (await _hub.AdminAsync("{ grants(field: \"Citizen.bloodType\") { id department } }")).Ok()["grants"]!.AsArray();

        var response = await _hub.AdminAsync("mutation { classifyField(field: \"Citizen.bloodType\", class: NEVER, reason: \"Sinh trắc\") { class } }");

        Assert.Equal("FIELD_HAS_GRANTS", response.Code());
        var message = response.Errors[0]!["message"]!.GetValue<string>();
        Assert.All(grants, g => Assert.Contains($"grant {g!["id"]} ({g["department"]}", message));
        var classes = (await _hub.AdminAsync("{ fieldClassifications(class: CONSENT_REQUIRED) { field } }")).Ok()["fieldClassifications"]!.AsArray();
        Assert.Contains(classes, c => c!["field"]!.GetValue<string>() == "Citizen.bloodType");
    }

    [Fact]
    public async Task Classifying_an_unknown_field_is_UNKNOWN_FIELD_and_without_reason_REASON_REQUIRED()
    {
        var unknown = await _hub.AdminAsync("mutation { classifyField(field: \"Citizen.shoeSize\", class: RESTRICTED, reason: \"x\") { class } }");
        var noReason = await _hub.AdminAsync("mutation { classifyField(field: \"Citizen.occupation\", class: RESTRICTED, reason: \" \") { class } }");

        Assert.Equal("UNKNOWN_FIELD", unknown.Code());
        Assert.Equal("REASON_REQUIRED", noReason.Code());
    }

    [Fact]
    public async Task Consent_recorded_at_a_desk_and_revoked_changes_the_next_answer()
    {
        var id = data.Column("population", "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL ORDER BY personal_id DESC LIMIT 1")[0];
        var token = _hub.DepartmentToken("so-y-te");
        const string Query = "query($ids: [ID]) { citizens(first: 1, where: { personalId: { in: $ids } }) { nodes { phoneNumber } } }";

        var recorded = await _hub.AdminAsync(
            "mutation($id: String!) { recordConsent(personalId: $id, department: \"so-y-te\", purpose: \"medical-treatment\", fields: [\"Citizen.phoneNumber\"], reason: \"Bộ phận một cửa\") { id personalId } }",
            new { id });
        var withConsent = await _hub.PostAsync(Query, new { ids = new[] { id } }, token: token, purpose: Purpose);
        var consentId = recorded.Ok()["recordConsent"]!["id"]!.GetValue<int>();
        (await _hub.AdminAsync("mutation($c: Int!) { revokeConsent(id: $c, reason: \"Công dân rút lại\") { revokedAt } }", new { c = consentId })).Ok();
        // Demo consents of the seed may cover this citizen too: withdraw those the same way.
        foreach (var other in (await _hub.AdminAsync("query($id: String!) { consents(personalId: $id) { id revokedAt } }", new { id })).Ok()["consents"]!.AsArray()
            .Where(c => c!["revokedAt"] is null))
        {
            (await _hub.AdminAsync("mutation($c: Int!) { revokeConsent(id: $c) { id } }", new { c = other!["id"]!.GetValue<int>() })).Ok();
        }

        var without = await _hub.PostAsync(Query, new { ids = new[] { id } }, token: token, purpose: Purpose);

        Assert.NotNull(withConsent.Data!["citizens"]!["nodes"]![0]!["phoneNumber"]);
        Assert.Null(without.Data!["citizens"]!["nodes"]![0]!["phoneNumber"]);
        Assert.Contains("CONSENT_REQUIRED", without.ErrorCodes);
        var change = (await _hub.AdminAsync("query($t: String) { adminChanges(target: $t) { action } }", new { t = $"consent/{consentId}" })).Ok()["adminChanges"]!.AsArray();
        Assert.Equal(["revokeConsent", "recordConsent"], change.Select(c => c!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Consent_errors_are_INVALID_PERSONAL_ID_UNKNOWN_FIELD_and_CONSENT_ALREADY_REVOKED()
    {
        var malformed = await _hub.AdminAsync(
            "mutation { recordConsent(personalId: \"12345\", department: \"so-y-te\", purpose: \"medical-treatment\", fields: [\"Citizen.phoneNumber\"]) { id } }");
        var id = data.Column("population", "SELECT personal_id FROM citizens LIMIT 1")[0];
        var field = await _hub.AdminAsync(
            "mutation($id: String!) { recordConsent(personalId: $id, department: \"so-y-te\", purpose: \"medical-treatment\", fields: [\"Citizen.nope\"]) { id } }", new { id });
        var recorded = (await _hub.AdminAsync(
            "mutation($id: String!) { recordConsent(personalId: $id, department: \"so-y-te\", purpose: \"medical-treatment\", fields: [\"Citizen.email\"]) { id } }", new { id })).Ok();
        var consentId = recorded["recordConsent"]!["id"]!.GetValue<int>();
        (await _hub.AdminAsync("mutation($c: Int!) { revokeConsent(id: $c) { id } }", new { c = consentId })).Ok();

        var twice = await _hub.AdminAsync("mutation($c: Int!) { revokeConsent(id: $c) { id } }", new { c = consentId });

        Assert.Equal("INVALID_PERSONAL_ID", malformed.Code());
        Assert.DoesNotContain("12345", malformed.Errors[0]!["message"]!.GetValue<string>());
        Assert.Equal("UNKNOWN_FIELD", field.Code());
        Assert.Equal("CONSENT_ALREADY_REVOKED", twice.Code());
    }

    [Fact]
    public async Task The_audit_log_is_read_through_the_admin_api()
    {
        await _hub.PostAsync(Occupation, token: _hub.DepartmentToken("so-y-te"), purpose: Purpose);

        var log = await _hub.AdminAsync("{ auditLog(first: 5, where: { department: \"so-y-te\", outcome: \"rejected\" }) { totalCount nodes { department purpose errorCodes } } }");

        var entry = log.Ok()["auditLog"]!["nodes"]![0]!;
        Assert.Equal(Purpose, entry["purpose"]!.GetValue<string>());
        Assert.Contains("FIELD_NOT_GRANTED", entry["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Admin_operations_are_audited_and_a_citizen_sees_a_look_up_of_their_consents()
    {
        var id = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];

        (await _hub.AdminAsync("query($id: String!) { consents(personalId: $id) { id } }", new { id })).Ok();
        var mine = await _hub.PostAsync("{ myAccessLog(first: 5) { nodes { department fields } } }", token: _hub.CitizenToken(id));

        var entry = Assert.Single(mine.Data!["myAccessLog"]!["nodes"]!.AsArray(), n => n!["department"]!.GetValue<string>() == "steward")!;
        Assert.Equal(["Admin.consents"], entry["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    public void Dispose() => _hub.Dispose();
}
