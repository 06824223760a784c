using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Pipeline;

/// <summary>
/// Data about a citizen that sits on other entities — land rights, benefit cases, marriages — is decided and
/// recorded about that citizen: a citizen reads only their own through every path, consent is checked whatever type
/// the field sits on, and the audit entry names every citizen the answer was about.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class DataAboutCitizensTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_citizen_reading_their_land_gets_their_own_right_but_not_the_co_owners()
    {
        var (me, coOwner) = CoOwners();

        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { landRights { rightId parcel { rights { rightId certificateNumber sharePercent } } } } }",
            new { id = me }, token: _hub.CitizenToken(me));

        var theirs = data.Column("land", $"SELECT certificate_number FROM land_use_rights WHERE holder_personal_id = '{coOwner}'");
        Assert.Contains("OWN_RECORD_ONLY", response.ErrorCodes);
        Assert.All(theirs, certificate => Assert.DoesNotContain(certificate, response.Body, StringComparison.Ordinal));

        // Their own rights, without the way to the co-owner's, come back whole.
        var own = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { landRights { certificateNumber } } }",
            new { id = me }, token: _hub.CitizenToken(me));
        var mine = data.Column("land", $"SELECT certificate_number FROM land_use_rights WHERE holder_personal_id = '{me}' ORDER BY certificate_number");
        Assert.Empty(own.Errors);
        Assert.Equal(mine, own.Data!["citizen"]!["landRights"]!.AsArray().Select(r => r!["certificateNumber"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_citizen_sees_their_marriage_but_not_their_spouses_name_through_it()
    {
        var husband = data.Column("population", "SELECT personal_id FROM citizens WHERE spouse_personal_id IS NOT NULL AND sex = 'MALE' ORDER BY personal_id LIMIT 1")[0];

        var response = await _hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName spouse { fullName occupation } } }",
            new { id = husband }, token: _hub.CitizenToken(husband));

        Assert.NotNull(response.Data!["citizen"]!["fullName"]);
        Assert.Null(response.Data!["citizen"]!["spouse"]?["fullName"]);
        Assert.Contains("OWN_RECORD_ONLY", response.ErrorCodes);
    }

    [Fact]
    public async Task The_audit_entry_names_the_citizens_that_benefit_cases_are_about()
    {
        var response = await _hub.PostAsync("{ benefitCases(first: 5, order: [{ caseId: ASC }]) { nodes { caseId amountVnd } } }",
            token: _hub.DepartmentToken("so-ldtbxh"), purpose: "funeral-allowance");

        Assert.Equal(200, response.Status);
        var cases = response.Data!["benefitCases"]!["nodes"]!.AsArray().Select(n => $"'{n!["caseId"]!.GetValue<string>()}'");
        var about = data.Column("social-welfare", $"SELECT beneficiary_personal_id FROM benefit_cases WHERE case_id IN ({string.Join(",", cases)}) " +
            $"UNION SELECT deceased_personal_id FROM benefit_cases WHERE case_id IN ({string.Join(",", cases)}) AND deceased_personal_id IS NOT NULL");
        var entry = await _hub.LastAuditEntryAsync();
        Assert.NotEmpty(about);
        Assert.Equal(string.Join(",", about.Order(StringComparer.Ordinal)), entry.Citizens);
    }

    [Fact]
    public async Task A_consent_field_on_a_benefit_case_is_returned_only_for_the_citizen_who_consented()
    {
        (await _hub.AdminAsync("mutation { classifyField(field: \"BenefitCase.decidedOn\", class: CONSENT_REQUIRED, reason: \"Thu nhập\") { class } }")).Ok();
        var single = data.Column("social-welfare",
            "SELECT case_id FROM benefit_cases WHERE deceased_personal_id IS NULL AND decided_on IS NOT NULL ORDER BY case_id LIMIT 3");
        var beneficiaries = data.Column("social-welfare",
            "SELECT beneficiary_personal_id FROM benefit_cases WHERE deceased_personal_id IS NULL AND decided_on IS NOT NULL ORDER BY case_id LIMIT 3");
        await new PolicyArrangement(_hub.Services).RecordConsentAsync(beneficiaries[0], "so-ldtbxh", "funeral-allowance", ["BenefitCase.decidedOn"], null);

        var response = await _hub.PostAsync(
            "query($ids: [ID]) { benefitCases(first: 10, where: { caseId: { in: $ids } }, order: [{ caseId: ASC }]) { nodes { caseId decidedOn beneficiary { personalId } } } }",
            new { ids = single }, token: _hub.DepartmentToken("so-ldtbxh"), purpose: "funeral-allowance");

        var nodes = response.Data!["benefitCases"]!["nodes"]!.AsArray();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(n!["beneficiary"]!["personalId"]!.GetValue<string>() == beneficiaries[0], n["decidedOn"] is not null));
        Assert.Equal(2, response.ErrorCodes.Count(c => c == "CONSENT_REQUIRED"));
    }

    [Fact]
    public async Task A_consent_field_on_a_case_about_two_citizens_fails_closed()
    {
        (await _hub.AdminAsync("mutation { classifyField(field: \"BenefitCase.decidedOn\", class: CONSENT_REQUIRED, reason: \"Thu nhập\") { class } }")).Ok();
        var funeral = data.Column("social-welfare", "SELECT case_id FROM benefit_cases WHERE deceased_personal_id IS NOT NULL AND decided_on IS NOT NULL ORDER BY case_id LIMIT 1")[0];

        var response = await _hub.PostAsync("query($id: ID!) { benefitCase(caseId: $id) { caseId decidedOn } }",
            new { id = funeral }, token: _hub.DepartmentToken("so-ldtbxh"), purpose: "funeral-allowance");

        Assert.Equal(funeral, response.Data!["benefitCase"]!["caseId"]!.GetValue<string>());
        Assert.Null(response.Data!["benefitCase"]!["decidedOn"]);
        Assert.Equal(["CONSENT_REQUIRED"], response.ErrorCodes);
    }

    private (string Me, string CoOwner) CoOwners()
    {
        var parcel = data.Column("land",
            "SELECT parcel_id FROM land_use_rights GROUP BY parcel_id HAVING COUNT(DISTINCT holder_personal_id) > 1 ORDER BY parcel_id LIMIT 1")[0];
        var holders = data.Column("land", $"SELECT DISTINCT holder_personal_id FROM land_use_rights WHERE parcel_id = '{parcel}' ORDER BY holder_personal_id");
        return (holders[0], holders[1]);
    }


    public void Dispose() => _hub.Dispose();
}
