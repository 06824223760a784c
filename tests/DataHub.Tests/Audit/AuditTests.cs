using DataHub.Hub.Audit;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Audit;

/// <summary>Every access recorded, chained, durable before the answer, visible to the citizen.</summary>
public abstract class AuditTests(DemoDataFixture data) : IDisposable
{
    private HubFactory? _hubInstance;

    /// <summary>The demo data, for the provider-specific subclasses.</summary>
    protected DemoDataFixture Data => data;

    private HubFactory Hub => _hubInstance ??= CreateHub();

    /// <summary>A hub with an audit store of its own.</summary>
    protected abstract HubFactory CreateHub();

    [Fact]
    public async Task Many_parallel_requests_make_exactly_as_many_entries_in_one_whole_chain()
    {
        var token = Hub.DepartmentToken("so-y-te");
        var before = await CountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            Hub.PostAsync($"{{ citizens(first: 2, after: \"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}\") {{ nodes {{ fullName }} }} }}",
                token: token, purpose: "medical-treatment")));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        Assert.Equal(before + 120, await CountAsync());
        var report = await VerifyAsync();
        Assert.True(report.IsWhole, report.Problem);
    }

    [Fact]
    public async Task An_entry_records_who_why_which_fields_and_which_citizens()
    {
        var ids = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 2");

        await Hub.PostAsync("query($ids: [ID]) { citizens(where: { personalId: { in: $ids } }) { nodes { fullName sex } } }",
            new { ids }, token: Hub.DepartmentToken("bhxh"), purpose: "health-insurance-enrolment");

        var entry = await LastEntryAsync();
        Assert.Equal("bhxh", entry.Principal);
        Assert.Equal("department", entry.PrincipalKind);
        Assert.Equal("health-insurance-enrolment", entry.Purpose);
        // The filter's field is disclosed too: which citizens match says what their personal IDs are.
        Assert.Equal("Citizen.fullName,Citizen.personalId,Citizen.sex", entry.Fields);
        Assert.Equal(string.Join(",", ids.Order(StringComparer.Ordinal)), entry.Citizens);
        Assert.Equal("ok", entry.Outcome);
        Assert.Equal(64, entry.DocumentHash.Length);
    }

    [Fact]
    public async Task A_rejected_request_is_recorded_with_its_error_codes()
    {
        await Hub.PostAsync("{ citizens(first: 1) { nodes { occupation } } }", token: Hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        var entry = await LastEntryAsync();
        Assert.Equal("rejected", entry.Outcome);
        Assert.Equal("FIELD_NOT_GRANTED", entry.ErrorCodes);
        Assert.Equal("", entry.Citizens);
    }

    [Fact]
    public async Task A_request_without_a_token_is_recorded_as_anonymous_and_rejected()
    {
        using var client = Hub.CreateClient();
        await client.PostAsync("/graphql", new StringContent("{\"query\":\"{ __typename }\"}", System.Text.Encoding.UTF8, "application/json"));

        var entry = await LastEntryAsync();
        Assert.Equal("anonymous", entry.Principal);
        Assert.Equal("UNAUTHENTICATED", entry.ErrorCodes);
    }

    public static TheoryData<string> Tamperings => ["edit a field", "edit and rehash", "delete a middle entry", "delete the last entry", "swap two entries"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Tampering_with_the_store_is_detected(string tampering)
    {
        for (var i = 0; i < 5; i++)
        {
            await Hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }");
        }

        Assert.True((await VerifyAsync()).IsWhole);
        var last = (await LastEntryAsync()).Id;
        var middle = last - 2;

        await using (var db = Store())
        {
            switch (tampering)
            {
                case "edit a field":
                    await db.Database.ExecuteSqlAsync($"UPDATE \"Entries\" SET \"Purpose\" = 'land-registration' WHERE \"Id\" = {middle}");
                    break;
                case "edit and rehash":
                    var entry = await db.Entries.SingleAsync(e => e.Id == middle);
                    entry.Principal = "so-tnmt";
                    entry.Hash = entry.ComputeHash();
                    await db.SaveChangesAsync();
                    break;
                case "delete a middle entry":
                    await db.Database.ExecuteSqlAsync($"DELETE FROM \"Entries\" WHERE \"Id\" = {middle}");
                    break;
                case "delete the last entry":
                    await db.Database.ExecuteSqlAsync($"DELETE FROM \"Entries\" WHERE \"Id\" = {last}");
                    break;
                default:
                    await db.Database.ExecuteSqlAsync($"UPDATE \"Entries\" SET \"Id\" = -1 WHERE \"Id\" = {middle}");
                    await db.Database.ExecuteSqlAsync($"UPDATE \"Entries\" SET \"Id\" = {middle} WHERE \"Id\" = {middle + 1}");
                    await db.Database.ExecuteSqlAsync($"UPDATE \"Entries\" SET \"Id\" = {middle + 1} WHERE \"Id\" = -1");
                    break;
            }
        }

        var report = await VerifyAsync();

        Assert.False(report.IsWhole);
        Assert.InRange(report.BrokenAt!.Value, middle, last + 1);
        Assert.NotNull(report.Problem);
    }

    [Fact]
    public async Task When_the_audit_store_cannot_be_written_no_data_is_returned()
    {
        await Hub.PostAsync("{ __typename }");
        await using (var db = Store())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"Entries\"");
        }

        var response = await Hub.PostAsync("{ citizens(first: 3) { nodes { personalId fullName } } }");

        Assert.Equal(503, response.Status);
        Assert.Equal(["AUDIT_UNAVAILABLE"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.DoesNotContain("personalId", response.Body);
    }

    [Fact]
    public async Task A_citizen_sees_which_departments_read_their_record_and_why()
    {
        var id = data.Column("population", "SELECT personal_id FROM citizens WHERE occupation IS NOT NULL ORDER BY personal_id DESC LIMIT 1")[0];
        await Hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName } }", new { id }, token: Hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");
        await Hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName occupation } }", new { id }, token: Hub.DepartmentToken("bhxh"), purpose: "health-insurance-enrolment");

        var response = await Hub.PostAsync("{ myAccessLog(first: 10) { totalCount nodes { department purpose fields outcome citizens } } }",
            token: Hub.CitizenToken(id));

        Assert.Empty(response.Errors);
        var nodes = response.Data!["myAccessLog"]!["nodes"]!.AsArray();
        Assert.Equal(2, response.Data!["myAccessLog"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(["bhxh", "so-y-te"], nodes.Select(n => n!["department"]!.GetValue<string>()));
        // The look-up by personal ID discloses that key as well (whether such a citizen exists).
        Assert.Equal(["Citizen.fullName", "Citizen.occupation", "Citizen.personalId"], nodes[0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("medical-treatment", nodes[1]!["purpose"]!.GetValue<string>());
        Assert.Equal([id], nodes[0]!["citizens"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task A_department_cannot_read_the_access_log_of_citizens()
    {
        var response = await Hub.PostAsync("{ myAccessLog { totalCount } }", token: Hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");
        var steward = await Hub.PostAsync("{ auditLog { totalCount } }", token: Hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(["CITIZEN_ONLY"], response.ErrorCodes);
        Assert.Equal(["STEWARD_ONLY"], steward.ErrorCodes);
    }

    [Fact]
    public async Task A_steward_filters_the_log_by_department_citizen_field_and_outcome()
    {
        var id = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1 OFFSET 7")[0];
        await Hub.PostAsync("query($id: ID!) { citizen(personalId: $id) { fullName } }", new { id }, token: Hub.DepartmentToken("so-tu-phap"), purpose: "birth-registration");
        await Hub.PostAsync("{ citizens(first: 1) { nodes { occupation } } }", token: Hub.DepartmentToken("so-tu-phap"), purpose: "birth-registration");

        var byCitizen = await Hub.PostAsync($"{{ auditLog(where: {{ citizen: \"{id}\", department: \"so-tu-phap\" }}) {{ totalCount nodes {{ fields }} }} }}");
        var rejected = await Hub.PostAsync("{ auditLog(where: { department: \"so-tu-phap\", outcome: \"rejected\" }) { totalCount nodes { errorCodes } } }");
        var byField = await Hub.PostAsync("{ auditLog(where: { field: \"Citizen.fullName\", department: \"so-tu-phap\" }) { totalCount } }");

        Assert.Equal(1, byCitizen.Data!["auditLog"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, rejected.Data!["auditLog"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("FIELD_NOT_GRANTED", rejected.Data!["auditLog"]!["nodes"]![0]!["errorCodes"]![0]!.GetValue<string>());
        Assert.Equal(1, byField.Data!["auditLog"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_exported_range_verifies_offline_and_a_tampered_export_does_not()
    {
        var start = DateTime.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 4; i++)
        {
            await Hub.PostAsync("{ citizens(first: 1) { nodes { fullName } } }");
        }

        using var client = Hub.StewardClient();
        var export = await client.GetStringAsync($"/admin/audit/export?from={start:O}&to={DateTime.UtcNow.AddSeconds(1):O}");
        var file = Path.Combine(data.DataDirectory, $"export-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, export);
        var key = Hub.Services.GetRequiredService<CheckpointSigner>().PublicKey;
        var whole = AuditChain.VerifyExport(file, key);
        await File.WriteAllTextAsync(file, export.Replace("\"outcome\":\"ok\"", "\"outcome\":\"rejected\"", StringComparison.Ordinal));
        var tampered = AuditChain.VerifyExport(file, key);
        File.Delete(file);

        Assert.True(whole.IsWhole, whole.Problem);
        Assert.True(whole.Entries >= 4);
        Assert.False(tampered.IsWhole);
        Assert.StartsWith("audit-export", (await LastEntryAsync()).OperationName);
    }

    [Fact]
    public async Task Exporting_needs_a_valid_range()
    {
        using var client = Hub.StewardClient();

        using var response = await client.GetAsync("/admin/audit/export?from=yesterday&to=now");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    public virtual void Dispose()
    {
        _hubInstance?.Dispose();
        GC.SuppressFinalize(this);
    }

    private AuditDbContext Store() => Hub.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();

    private async Task<int> CountAsync()
    {
        await using var db = Store();
        return await db.Entries.CountAsync();
    }

    private async Task<AuditEntry> LastEntryAsync()
    {
        await using var db = Store();
        return await db.Entries.OrderByDescending(e => e.Id).FirstAsync();
    }

    private async Task<ChainReport> VerifyAsync()
    {
        await using var db = Store();
        return await AuditChain.VerifyStoreAsync(db, CancellationToken.None);
    }
}

/// <summary>The audit tests on SQLite (the embedded default), each class with its own audit file.</summary>
[Collection(HubCollection.Name)]
public sealed class AuditOnSqliteTests(DemoDataFixture data) : AuditTests(data)
{
    private readonly string _auditFile = Path.Combine(data.DataDirectory, $"audit-{Guid.NewGuid():N}.db");

    protected override HubFactory CreateHub() => new(Data.DataDirectory, new Dictionary<string, string?>
    {
        ["ConnectionStrings:Audit"] = $"Data Source={_auditFile};Pooling=False",
    });

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Data.DataDirectory, Path.GetFileName(_auditFile) + "*"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>The audit tests with registry and audit on PostgreSQL (partitioned entries table).</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditOnPostgresTests(DemoDataFixture data, PostgresFixture postgres) : AuditTests(data)
{
    protected override HubFactory CreateHub() => HubFactory.OnPostgres(Data.DataDirectory, postgres);
}
