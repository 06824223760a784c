using System.Text.Json.Nodes;
using DataHub.Hub.Documents;
using DataHub.Tests.Admin;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Documents;

/// <summary>
/// A department app version from push to review to run by id, and every way out of it (unknown id, a field without a
/// grant, a retired version, a revoked grant, a document that does not fit the schema), on the registry each subclass
/// picks: SQLite (the embedded default) or PostgreSQL.
/// </summary>
public abstract class TrustedDocumentTests(DemoDataFixture data, HubFactory hub) : IDisposable
{
    private const string Lookup = """
        # The app's lookup at the reception desk
        query GetPatient($id: ID!) {
          citizen(personalId: $id) { fullName phoneNumber }
        }
        """;

    private readonly HubFactory _hub = hub;

    protected DemoDataFixture Data { get; } = data;

    private string PersonalId => Data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];

    [Fact]
    public async Task A_pushed_document_is_pending_then_approved_by_a_steward_then_runs_by_id_in_both_forms()
    {
        var pushed = await _hub.PushOkAsync("1.4", "GetPatient.graphql", Lookup);
        var id = pushed["documentId"]!.GetValue<string>();
        Assert.Equal("PENDING", pushed["state"]!.GetValue<string>());
        Assert.Equal(["Citizen.fullName", "Citizen.personalId", "Citizen.phoneNumber"], Strings(pushed["fields"]));
        Assert.Equal(["medical-treatment"], Strings(pushed["purposes"]));
        Assert.Equal(DocumentText.IdOf(DocumentText.Normalise(Lookup, 64)), id);

        var early = await _hub.SendAsync(DocumentCalls.ById(id, new { id = PersonalId }));
        Assert.Equal((403, "DOCUMENT_NOT_APPROVED"), (early.Status, Assert.Single(early.ErrorCodes)));

        var approved = (await _hub.ApproveAsync(pushed)).Ok()["approveDocument"]!;
        Assert.Equal(("APPROVED", "test-steward"), (approved["state"]!.GetValue<string>(), approved["reviewedBy"]!.GetValue<string>()));

        var fullName = Data.Column("population", $"SELECT full_name FROM citizens WHERE personal_id = '{PersonalId}'")[0];
        foreach (var body in new[] { DocumentCalls.ById(id, new { id = PersonalId }), DocumentCalls.ApolloById(id, new { id = PersonalId }) })
        {
            var answer = await _hub.SendAsync(body);
            Assert.Equal(200, answer.Status);
            Assert.Equal(fullName, answer.Data?["citizen"]?["fullName"]?.GetValue<string>());
            var entry = await _hub.LastAuditEntryAsync();
            Assert.Equal((id["sha256:".Length..], "1.4", "ok"), (entry.DocumentHash, entry.AppVersion, entry.Outcome));
        }

        var change = (await _hub.AdminAsync($"{{ adminChanges(target: \"document/{pushed["id"]}\", action: \"approveDocument\") {{ actor reason }} }}"))
            .Ok()["adminChanges"]!.AsArray();
        Assert.Equal("test-steward", Assert.Single(change)!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_id_and_another_departments_document_are_DOCUMENT_NOT_FOUND()
    {
        var pushed = await _hub.PushOkAsync("2.0", "Names.graphql", "query Names($id: ID!) { citizen(personalId: $id) { fullName sex } }");
        (await _hub.ApproveAsync(pushed)).Ok();

        var unknown = await _hub.SendAsync(DocumentCalls.ById("sha256:" + new string('a', 64), new { id = PersonalId }));
        var entry = await _hub.LastAuditEntryAsync();
        var otherDepartment = await _hub.SendAsync(DocumentCalls.ById(pushed["documentId"]!.GetValue<string>(), new { id = PersonalId }),
            _hub.DepartmentToken("so-tu-phap"), "birth-registration");

        Assert.Equal((404, "DOCUMENT_NOT_FOUND"), (unknown.Status, Assert.Single(unknown.ErrorCodes)));
        Assert.Equal((404, "DOCUMENT_NOT_FOUND"), (otherDepartment.Status, Assert.Single(otherDepartment.ErrorCodes)));
        Assert.Null(unknown.Data);
        Assert.Equal(("rejected", "DOCUMENT_NOT_FOUND", new string('a', 64)), (entry.Outcome, entry.ErrorCodes, entry.DocumentHash));
    }

    [Fact]
    public async Task A_document_reading_a_field_the_department_has_no_grant_for_cannot_be_approved_and_says_why()
    {
        var pushed = await _hub.PushOkAsync("1.5", "Occupation.graphql", "query Job($id: ID!) { citizen(personalId: $id) { fullName occupation } }");
        Assert.Empty(Strings(pushed["purposes"]));

        var refused = await _hub.ApproveAsync(pushed);

        Assert.Equal("FIELD_NOT_GRANTED", refused.Code());
        Assert.Contains("Citizen.occupation", refused.Errors[0]!["message"]!.GetValue<string>());
        Assert.Equal(["Citizen.occupation"], Strings(refused.Errors[0]!["extensions"]!["fields"]));
        Assert.Equal("PENDING", (await _hub.DocumentAsync(pushed["id"]!.GetValue<int>()))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retiring_an_app_version_retires_its_documents_and_they_stop_running()
    {
        var pushed = await _hub.PushOkAsync("0.9", "Old.graphql", "query Old($id: ID!) { citizen(personalId: $id) { fullName dateOfBirth } }");
        (await _hub.ApproveAsync(pushed)).Ok();
        var id = pushed["documentId"]!.GetValue<string>();
        Assert.Equal(200, (await _hub.SendAsync(DocumentCalls.ById(id, new { id = PersonalId }))).Status);

        var retired = (await _hub.AdminAsync("mutation { retireAppVersion(department: \"so-y-te\", appVersion: \"0.9\", reason: \"Phiên bản cũ\") { state } }"))
            .Ok()["retireAppVersion"]!.AsArray();
        var run = await _hub.SendAsync(DocumentCalls.ById(id, new { id = PersonalId }));

        Assert.Equal(["RETIRED"], retired.Select(d => d!["state"]!.GetValue<string>()));
        Assert.Equal((403, "DOCUMENT_NOT_APPROVED"), (run.Status, Assert.Single(run.ErrorCodes)));
        Assert.Contains("retired", run.Errors[0]!["message"]!.GetValue<string>());
        Assert.Equal("APP_VERSION_RETIRED", (await _hub.PushAsync("0.9", ("Again.graphql", "{ citizens(first: 1) { totalCount } }"))).Code());
    }

    [Fact]
    public async Task Revoking_a_grant_marks_the_documents_that_need_it_and_only_those()
    {
        var phone = await _hub.PushOkAsync("3.0", "Phone.graphql", Lookup);
        var names = await _hub.PushOkAsync("3.0", "Names.graphql", "query N($id: ID!) { citizen(personalId: $id) { fullName } }");
        (await _hub.ApproveAsync(phone)).Ok();
        (await _hub.ApproveAsync(names)).Ok();

        var grant = Assert.Single(await _hub.GrantsAsync("so-y-te", "Citizen.phoneNumber"))!;
        (await _hub.AdminAsync("mutation($id: Int!, $v: Int!) { revokeGrant(id: $id, version: $v, reason: \"Hết căn cứ\") { id } }",
            new { id = grant["id"]!.GetValue<int>(), v = grant["version"]!.GetValue<int>() })).Ok();

        var marked = await _hub.DocumentAsync(phone["id"]!.GetValue<int>());
        Assert.Equal("GRANT_REVOKED", marked["state"]!.GetValue<string>());
        Assert.Contains("Citizen.phoneNumber", marked["reason"]!.GetValue<string>());
        var refused = await _hub.SendAsync(DocumentCalls.ById(phone["documentId"]!.GetValue<string>(), new { id = PersonalId }));
        Assert.Equal((403, "DOCUMENT_NOT_APPROVED"), (refused.Status, Assert.Single(refused.ErrorCodes)));
        Assert.Equal("APPROVED", (await _hub.DocumentAsync(names["id"]!.GetValue<int>()))["state"]!.GetValue<string>());
        Assert.Equal(200, (await _hub.SendAsync(DocumentCalls.ById(names["documentId"]!.GetValue<string>(), new { id = PersonalId }))).Status);
        Assert.Equal("FIELD_NOT_GRANTED", (await _hub.ApproveAsync(marked)).Code());
    }

    [Fact]
    public async Task A_push_with_a_document_that_does_not_fit_the_composite_schema_registers_nothing()
    {
        var refused = await _hub.PushAsync("4.0",
            ("Good.graphql", "query G($id: ID!) { citizen(personalId: $id) { fullName } }"),
            ("Typo.graphql", "query T($id: ID!) { citizen(personalId: $id) { fulName } }"),
            ("Broken.graphql", "query { citizen("));

        Assert.Equal("DOCUMENT_INVALID", refused.Code());
        var problems = Strings(refused.Errors[0]!["extensions"]!["problems"]);
        Assert.Contains(problems, p => p.StartsWith("Typo.graphql", StringComparison.Ordinal) && p.Contains("fulName", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Broken.graphql", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("Good.graphql", StringComparison.Ordinal));
        await using var db = _hub.Registry();
        Assert.Equal(0, await db.TrustedDocuments.CountAsync(d => d.AppVersion == "4.0"));
    }

    [Fact]
    public async Task Documents_push_registers_a_folder_of_graphql_files_as_one_app_version()
    {
        var folder = Directory.CreateTempSubdirectory("datahub-operations-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "GetPatient.graphql"), Lookup);
            Directory.CreateDirectory(Path.Combine(folder, "reports"));
            await File.WriteAllTextAsync(Path.Combine(folder, "reports", "Count.graphql"), "query Count { citizens(first: 1) { totalCount } }");
            using var output = new StringWriter();
            using var errors = new StringWriter();

            var exit = await DocumentsCommand.RunAsync(_hub.Services, ["push", "--department", "so-y-te", "--app-version", "5.1", folder], output, errors);

            Assert.True(exit == 0, errors.ToString());
            await using var db = _hub.Registry();
            var stored = await db.TrustedDocuments.Where(d => d.AppVersion == "5.1").OrderBy(d => d.Name).ToListAsync();
            Assert.Equal(["GetPatient.graphql", Path.Combine("reports", "Count.graphql")], stored.Select(d => d.Name));
            Assert.All(stored, d => Assert.Equal(DocumentState.Pending, d.State));
            Assert.All(stored, d => Assert.StartsWith("command-line:", d.SubmittedBy, StringComparison.Ordinal));
            Assert.All(stored, d => Assert.Contains(d.Hash, output.ToString(), StringComparison.Ordinal));
            Assert.Equal(2, await DocumentsCommand.RunAsync(_hub.Services, ["push", "--department", "so-y-te", folder], output, errors));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose()
    {
        _hub.Dispose();
        GC.SuppressFinalize(this);
    }

    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}

/// <summary>Trusted documents with the registry and audit on SQLite (the embedded default).</summary>
[Collection(HubCollection.Name)]
public sealed class TrustedDocumentsOnSqliteTests(DemoDataFixture data) : TrustedDocumentTests(data, new HubFactory(data.DataDirectory));

/// <summary>Trusted documents with the registry and audit on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TrustedDocumentsOnPostgresTests(DemoDataFixture data, PostgresFixture postgres)
    : TrustedDocumentTests(data, HubFactory.OnPostgres(data.DataDirectory, postgres))
{
    [Fact]
    public async Task An_app_version_retired_through_instance_a_stops_running_on_instance_b()
    {
        var (registry, audit) = (postgres.NewDatabase("registry"), postgres.NewDatabase("audit"));
        using var a = HubFactory.OnPostgres(Data.DataDirectory, postgres, registry, audit);
        using var b = HubFactory.OnPostgres(Data.DataDirectory, postgres, registry, audit);
        var personalId = Data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];
        var pushed = await a.PushOkAsync("6.0", "Names.graphql", "query N($id: ID!) { citizen(personalId: $id) { fullName } }");
        (await a.ApproveAsync(pushed)).Ok();
        var body = DocumentCalls.ById(pushed["documentId"]!.GetValue<string>(), new { id = personalId });
        Assert.Equal(200, (await b.SendAsync(body)).Status); // B has the approved document cached now
        for (var i = 0; i < 100 && !b.Access.IsListening; i++)
        {
            await Task.Delay(50);
        }

        (await a.AdminAsync("mutation { retireAppVersion(department: \"so-y-te\", appVersion: \"6.0\") { state } }")).Ok();

        // Asked right away; should the notification still be on its way, asked again (bounded), never waited on blindly.
        var answer = await b.SendAsync(body);
        for (var attempt = 1; attempt < 100 && answer.Status == 200; attempt++)
        {
            await Task.Delay(50);
            answer = await b.SendAsync(body);
        }

        Assert.Equal("DOCUMENT_NOT_APPROVED", Assert.Single(answer.ErrorCodes));
    }
}
