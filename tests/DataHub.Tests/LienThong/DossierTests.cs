using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.LienThong;

/// <summary>
/// Dossiers are derived from the life events by causedBy: a chain's steps in order, their state, who may see them
/// (a steward every one, a department one whose chain it takes part in, a citizen those naming them or their family).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class DossierTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_birth_answered_by_the_police_is_a_dossier_waiting_for_health_insurance()
    {
        var (filing, parent, child) = await FileBirthAnsweredByPoliceAsync();

        var dossier = (await _hub.PostAsync($"{{ dossier(id: \"{filing}\") {{ chain state durationSeconds personalId steps {{ kind department state }} }} }}")).Data!["dossier"]!;

        Assert.Equal("birth", dossier["chain"]!.GetValue<string>());
        Assert.Equal("WAITING", dossier["state"]!.GetValue<string>());
        Assert.Null(dossier["durationSeconds"]);
        Assert.Equal(child, dossier["personalId"]!.GetValue<string>());
        Assert.Equal("BirthRegistered:so-tu-phap:DONE PermanentResidenceRegistered:cong-an:DONE InsuranceCardIssued:bhxh:WAITING",
            string.Join(" ", dossier["steps"]!.AsArray().Select(s => $"{s!["kind"]}:{s["department"]}:{s["state"]}")));
        _ = parent;
    }

    [Fact]
    public async Task A_citizen_sees_the_dossier_that_names_them_and_another_citizen_does_not()
    {
        var (filing, parent, _) = await FileBirthAnsweredByPoliceAsync();
        var stranger = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id DESC LIMIT 1")[0];

        var own = await _hub.PostAsync("{ myDossiers(first: 50) { id } }", token: _hub.CitizenToken(parent));
        var other = await _hub.PostAsync("{ myDossiers(first: 50) { id } }", token: _hub.CitizenToken(stranger));

        Assert.Contains(filing, Ids(own.Data!["myDossiers"]!));
        Assert.DoesNotContain(filing, Ids(other.Data!["myDossiers"]!));
    }

    [Fact]
    public async Task The_second_parent_who_did_not_file_sees_the_childs_birth_dossier_and_a_citizen_outside_the_family_does_not()
    {
        var (filing, parent, child) = await FileBirthAnsweredByPoliceAsync();
        var spouse = data.Column("population", $"SELECT spouse_personal_id FROM citizens WHERE personal_id = '{parent}'")[0];
        var outsider = data.Column("population", $"""
            SELECT personal_id FROM citizens c
            WHERE personal_id NOT IN ('{parent}', '{spouse}')
              AND COALESCE(father_personal_id, '') NOT IN ('{parent}', '{spouse}') AND COALESCE(mother_personal_id, '') NOT IN ('{parent}', '{spouse}')
              AND COALESCE(spouse_personal_id, '') NOT IN ('{parent}', '{spouse}')
              AND personal_id NOT IN (SELECT COALESCE(father_personal_id, '') FROM citizens WHERE personal_id IN ('{parent}', '{spouse}'))
              AND personal_id NOT IN (SELECT COALESCE(mother_personal_id, '') FROM citizens WHERE personal_id IN ('{parent}', '{spouse}'))
            ORDER BY personal_id DESC LIMIT 1
            """)[0];

        var second = await _hub.PostAsync("{ myDossiers(first: 50) { id personalId relatedPersonalId } }", token: _hub.CitizenToken(spouse));
        var entry = await _hub.LastAuditEntryAsync();
        var other = await _hub.PostAsync("{ myDossiers(first: 50) { id } }", token: _hub.CitizenToken(outsider));

        Assert.Empty(second.ErrorCodes);
        Assert.NotEqual(parent, spouse);
        Assert.Contains(filing, Ids(second.Data!["myDossiers"]!));
        Assert.Contains(child, entry.Citizens); // audited with the citizens the dossiers name
        Assert.Contains(parent, entry.Citizens);
        Assert.Empty(other.ErrorCodes);
        Assert.DoesNotContain(filing, Ids(other.Data!["myDossiers"]!));
    }

    [Fact]
    public async Task The_portal_shows_the_second_parent_the_family_dossier_with_its_steps()
    {
        var (filing, parent, _) = await FileBirthAnsweredByPoliceAsync();
        var spouse = data.Column("population", $"SELECT spouse_personal_id FROM citizens WHERE personal_id = '{parent}'")[0];
        using var client = _hub.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", _hub.CitizenToken(spouse));

        using var response = await client.GetAsync(new Uri("/me/dossiers?lang=en", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        using var record = await client.GetAsync(new Uri("/me?lang=en", UriKind.Relative));
        var recordHtml = await record.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"dossier-{filing}\"", html);
        Assert.Contains("Waiting", html); // the insurance step, not yet taken
        Assert.Contains(parent, html);
        Assert.Contains("href=\"/me/dossiers\"", recordHtml); // the record page's family dossiers card links to it
    }

    [Fact]
    public async Task A_department_outside_the_chain_does_not_see_the_dossier_and_one_in_it_does()
    {
        var (filing, _, _) = await FileBirthAnsweredByPoliceAsync();
        var query = $"{{ dossier(id: \"{filing}\") {{ id }} }}";

        var health = await _hub.PostAsync(query, token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");
        var civil = await _hub.PostAsync(query, token: _hub.DepartmentToken("so-tu-phap"), purpose: "birth-registration");

        Assert.Null(health.Data!["dossier"]);
        Assert.Equal(filing, civil.Data!["dossier"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_console_page_lists_the_dossier_and_is_one_audit_entry_naming_its_citizens()
    {
        var (filing, parent, child) = await FileBirthAnsweredByPoliceAsync();
        using var client = _hub.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", "datahub.steward=" + _hub.StewardToken);

        using var response = await client.GetAsync(new Uri("/steward/dossiers?lang=en", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var entry = await _hub.LastAuditEntryAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"dossier-{filing}\"", html);
        Assert.Equal("console GET /steward/dossiers", entry.OperationName);
        Assert.Equal("Admin.dossiers", entry.Fields);
        Assert.Contains(child, entry.Citizens);
        Assert.Contains(parent, entry.Citizens);
    }

    public void Dispose() => _hub.Dispose();

    private static List<string> Ids(JsonNode list) => list.AsArray().Select(d => d!["id"]!.GetValue<string>()).ToList();

    /// <summary>so-tu-phap publishes a birth (the parent filed it); cong-an answers it. Returns the filing id, the parent, the child.</summary>
    private async Task<(string Filing, string Parent, string Child)> FileBirthAnsweredByPoliceAsync()
    {
        var parent = data.Column("population", "SELECT personal_id FROM citizens WHERE sex = 'MALE' AND spouse_personal_id IS NOT NULL ORDER BY personal_id LIMIT 1")[0];
        var child = "0272269" + Random.Shared.Next(0, 99_999).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var filing = Guid.NewGuid().ToString();
        var birth = await _hub.PostAsync(
            "mutation($i: PublishLifeEventInput!) { publishLifeEvent(input: $i) { id } }",
            new { i = new { id = filing, kind = "BirthRegistered", personalId = child, relatedPersonalId = parent, registrationNumber = "KS-2026-0999999" } },
            token: _hub.DepartmentToken("so-tu-phap"), purpose: "birth-registration");
        Assert.Empty(birth.ErrorCodes);
        var residence = await _hub.PostAsync(
            "mutation($i: PublishLifeEventInput!) { publishLifeEvent(input: $i) { id } }",
            new { i = new { kind = "PermanentResidenceRegistered", personalId = child, relatedPersonalId = parent, registrationNumber = "HK0270000001", causedBy = filing } },
            token: _hub.DepartmentToken("cong-an"), purpose: "residence-registration");
        Assert.Empty(residence.ErrorCodes);
        return (filing, parent, child);
    }
}
