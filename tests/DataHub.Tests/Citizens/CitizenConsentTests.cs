using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Citizens;

/// <summary>
/// Consent in the citizen's hands (issue 17), through /graphql as a citizen app (and the portal) sends it: the level a
/// change needs, give → the department reads → withdraw → CONSENT_REQUIRED, a parent acting for a minor, a department's
/// request approved, and nobody reaching another citizen's consents or requests by changing an id.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CitizenConsentTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "medical-treatment";
    private const string DepartmentRead = "query($id: String!) { citizen(personalId: $id) { personalId bloodType } }";
    private const string Give = """
        mutation($input: GiveConsentInput!) { giveConsent(input: $input) { id department purpose fields state givenBy } }
        """;

    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_level_1_citizen_sees_their_consents_but_cannot_give_one()
    {
        var me = AdultWithoutSeededConsent();

        var list = await _hub.PostAsync("{ myConsents { id state } }", token: Citizen(me, level: 1));
        var give = await _hub.PostAsync(Give, GiveInput(), token: Citizen(me, level: 1));

        Assert.Empty(list.Errors);
        Assert.Equal(["ELECTRONIC_ID_LEVEL_TOO_LOW"], give.ErrorCodes);
        Assert.Equal(0, CountConsents(me));
    }

    [Fact]
    public async Task Give_read_withdraw_refused_applies_to_the_departments_next_request()
    {
        var me = AdultWithoutSeededConsent();
        var department = _hub.DepartmentToken("so-y-te");
        var before = await _hub.PostAsync(DepartmentRead, new { id = me }, token: department, purpose: Purpose);

        var given = await _hub.PostAsync(Give, GiveInput(), token: Citizen(me, level: 2));
        var read = await _hub.PostAsync(DepartmentRead, new { id = me }, token: department, purpose: Purpose);
        var id = given.Data!["giveConsent"]!["id"]!.GetValue<int>();
        var withdrawn = await _hub.PostAsync("mutation($id: Int!) { withdrawConsent(id: $id) { state revokedBy } }", new { id }, token: Citizen(me, level: 2));
        var after = await _hub.PostAsync(DepartmentRead, new { id = me }, token: department, purpose: Purpose);

        Assert.Equal(["CONSENT_REQUIRED"], before.ErrorCodes);
        Assert.Empty(given.Errors);
        Assert.Equal("citizen", given.Data!["giveConsent"]!["givenBy"]!.GetValue<string>());
        Assert.Empty(read.Errors);
        Assert.Equal(data.Scalar<string>("population", $"SELECT blood_type FROM citizens WHERE personal_id = '{me}'"),
            read.Data!["citizen"]!["bloodType"]!.GetValue<string>());
        Assert.Equal("withdrawn", withdrawn.Data!["withdrawConsent"]!["state"]!.GetValue<string>());
        Assert.Equal(["CONSENT_REQUIRED"], after.ErrorCodes);
        Assert.Null(after.Data!["citizen"]!["bloodType"]);
    }

    [Fact]
    public async Task Every_consent_change_is_in_the_audit_chain_with_who_made_it()
    {
        var me = AdultWithoutSeededConsent();

        await _hub.PostAsync(Give, GiveInput(), token: Citizen(me, level: 2));
        var entry = await _hub.LastAuditEntryAsync();

        Assert.Equal("citizen", entry.Principal);
        Assert.Equal("ok", entry.Outcome);
        Assert.Contains("Query.giveConsent", entry.Fields.Split(','));
        Assert.Equal(me, entry.Citizens);
    }

    [Fact]
    public async Task A_parent_manages_a_minors_consent_and_is_recorded_as_representative()
    {
        var (minor, parent) = MinorWithFather();

        var given = await _hub.PostAsync(Give, GiveInput(forPersonalId: minor), token: Citizen(parent, level: 2));
        var entry = await _hub.LastAuditEntryAsync();
        var represented = await _hub.PostAsync("{ myRepresented { personalId } }", token: Citizen(parent, level: 2));
        var own = await _hub.PostAsync(Give, GiveInput(), token: Citizen(minor, level: 2));

        Assert.Empty(given.Errors);
        Assert.Equal("representative", given.Data!["giveConsent"]!["givenBy"]!.GetValue<string>());
        Assert.Equal("representative", entry.Principal);
        Assert.Equal(new[] { minor, parent }.Order(StringComparer.Ordinal), entry.Citizens.Split(',').Order(StringComparer.Ordinal));
        Assert.Contains(minor, represented.Data!["myRepresented"]!.AsArray().Select(n => n!["personalId"]!.GetValue<string>()));
        Assert.Equal(["REPRESENTATIVE_REQUIRED"], own.ErrorCodes);
    }

    [Fact]
    public async Task A_department_asks_the_citizen_approves_and_the_department_sees_the_outcome_and_the_field()
    {
        var me = AdultWithoutSeededConsent();
        var department = _hub.DepartmentToken("so-y-te");

        var asked = await _hub.PostAsync("""
            mutation($input: RequestConsentInput!) { requestConsent(input: $input) { id status } }
            """, new
        {
            input = new
            {
                personalId = me,
                fields = new[] { "Citizen.bloodType" },
                purpose = Purpose,
                reason = "Chuẩn bị truyền máu khi phẫu thuật",
                until = DateTime.UtcNow.AddDays(30).ToString("O"),
            },
        }, token: department);
        var id = asked.Data!["requestConsent"]!["id"]!.GetValue<int>();
        var pending = await _hub.PostAsync("{ myConsentRequests(status: \"pending\") { id reason } }", token: Citizen(me, level: 2));
        var answered = await _hub.PostAsync("mutation($id: Int!) { answerConsentRequest(id: $id, approve: true) { status consentId } }",
            new { id }, token: Citizen(me, level: 2));
        var outcome = await _hub.PostAsync("{ consentRequestsSent { id status } }", token: department);
        var read = await _hub.PostAsync(DepartmentRead, new { id = me }, token: department, purpose: Purpose);

        Assert.Empty(asked.Errors);
        Assert.Equal([id], pending.Data!["myConsentRequests"]!.AsArray().Select(n => n!["id"]!.GetValue<int>()));
        Assert.Equal("approved", answered.Data!["answerConsentRequest"]!["status"]!.GetValue<string>());
        Assert.Equal("approved", outcome.Data!["consentRequestsSent"]!.AsArray().Single(n => n!["id"]!.GetValue<int>() == id)!["status"]!.GetValue<string>());
        Assert.Empty(read.Errors);
        Assert.NotNull(read.Data!["citizen"]!["bloodType"]);
    }

    [Fact]
    public async Task A_department_cannot_ask_for_a_field_it_has_no_grant_for()
    {
        var response = await _hub.PostAsync("""
            mutation($input: RequestConsentInput!) { requestConsent(input: $input) { id } }
            """, new
        {
            input = new
            {
                personalId = AdultWithoutSeededConsent(),
                fields = new[] { "Citizen.email" },
                purpose = "residence-registration",
                reason = "x",
                until = DateTime.UtcNow.AddDays(3).ToString("O"),
            },
        }, token: _hub.DepartmentToken("cong-an"));

        Assert.Equal(["FIELD_NOT_GRANTED"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_citizen_never_reaches_another_citizens_consents_requests_or_record_by_changing_an_id()
    {
        var (me, other) = (AdultWithoutSeededConsent(), AdultWithoutSeededConsent(skip: 1));
        var theirs = await _hub.PostAsync(Give, GiveInput(), token: Citizen(other, level: 2));
        var theirConsent = theirs.Data!["giveConsent"]!["id"]!.GetValue<int>();
        var mine = Citizen(me, level: 2);

        var list = await _hub.PostAsync("query($id: String) { myConsents(forPersonalId: $id) { id } }", new { id = other }, token: mine);
        var withdraw = await _hub.PostAsync("mutation($id: Int!) { withdrawConsent(id: $id) { id } }", new { id = theirConsent }, token: mine);
        var giveForThem = await _hub.PostAsync(Give, GiveInput(forPersonalId: other), token: mine);
        var record = await _hub.PostAsync("query($id: String!) { citizen(personalId: $id) { fullName } }", new { id = other }, token: mine);

        Assert.Equal(["NOT_REPRESENTATIVE"], list.ErrorCodes);
        Assert.Equal(["UNKNOWN_CONSENT"], withdraw.ErrorCodes);
        Assert.Equal(["NOT_REPRESENTATIVE"], giveForThem.ErrorCodes);
        Assert.Equal(["OWN_RECORD_ONLY"], record.ErrorCodes);
        Assert.Equal("live", (await _hub.PostAsync("{ myConsents { id state } }", token: Citizen(other, level: 2)))
            .Data!["myConsents"]!.AsArray().Single(n => n!["id"]!.GetValue<int>() == theirConsent)!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consent_is_given_only_for_fields_classed_consent_required()
    {
        var response = await _hub.PostAsync(Give, GiveInput(fields: ["Citizen.occupation"]), token: Citizen(AdultWithoutSeededConsent(), level: 2));

        Assert.Equal(["FIELD_NOT_CONSENTABLE"], response.ErrorCodes);
    }

    public void Dispose() => _hub.Dispose();

    private string Citizen(string personalId, int level) => _hub.Services.GetRequiredService<LocalIssuer>().ForCitizen(personalId, level: level);

    private static object GiveInput(string? forPersonalId = null, string[]? fields = null) => new
    {
        input = new { department = "so-y-te", purpose = Purpose, fields = fields ?? ["Citizen.bloodType"], days = 30, forPersonalId },
    };

    private int CountConsents(string personalId)
    {
        using var db = _hub.Registry();
        return db.ConsentRecords.Count(c => c.CitizenPersonalId == personalId);
    }

    // Adults with a blood type and no seeded consent (the seed gives every third citizen one): each test takes its own.
    private string AdultWithoutSeededConsent(int skip = 0)
    {
        using var db = _hub.Registry();
        var seeded = db.ConsentRecords.Select(c => c.CitizenPersonalId).ToHashSet();
        return data.Column("population",
                "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id")
            .Where(id => !seeded.Contains(id)).Skip(skip).First();
    }

    private (string Minor, string Father) MinorWithFather()
    {
        var row = data.Column("population", """
            SELECT c.personal_id || ',' || c.father_personal_id FROM citizens c JOIN citizens f ON f.personal_id = c.father_personal_id
            WHERE c.date_of_birth > '2012-01-01' AND c.blood_type IS NOT NULL AND f.date_of_death IS NULL ORDER BY c.personal_id LIMIT 1
            """)[0].Split(',');
        return (row[0], row[1]);
    }
}
