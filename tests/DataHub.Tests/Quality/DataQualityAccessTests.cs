using System.Net;
using System.Net.Http.Headers;
using DataHub.Tests.Admin;

namespace DataHub.Tests.Quality;

/// <summary>
/// <c>dataQuality</c> and the CSV export through the real HTTP pipeline: a department sees only the findings it must fix,
/// a steward sees every department's.
/// </summary>
public sealed class DataQualityAccessTests(DataQualityAccessTests.RunFixture fixture) : IClassFixture<DataQualityAccessTests.RunFixture>
{
    private const string Query = "query($d: String) { dataQuality(department: $d, failing: 1000) { runId sources { source checked failed shareClean " +
        "rules { code owner dimension severity checked failed shareClean trend failing { key problem } } } } }";

    private QualityDataSet Data => fixture.Data;

    [Theory]
    [InlineData("so-tnmt")]
    [InlineData("bhxh")]
    public async Task A_department_reads_only_the_findings_it_must_fix(string department)
    {
        var response = await Data.Hub.AdminAsync(Query, token: Data.Hub.DepartmentToken(department));

        Assert.Empty(response.Errors);
        var rules = response.Data!["dataQuality"]!["sources"]!.AsArray().SelectMany(s => s!["rules"]!.AsArray()).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal(department, r!["owner"]!.GetValue<string>()));
        var keys = rules.SelectMany(r => r!["failing"]!.AsArray().Select(f => (r["code"]!.GetValue<string>(), f!["key"]!.GetValue<string>()))).Order();
        Assert.Equal(Data.Manifest.Entries.Where(e => e.Owner == department).Select(e => (e.Rule, e.Key)).Order(), keys);
    }

    [Fact]
    public async Task A_steward_reads_every_departments_findings()
    {
        var response = await Data.Hub.AdminAsync(Query);

        Assert.Empty(response.Errors);
        var rules = response.Data!["dataQuality"]!["sources"]!.AsArray().SelectMany(s => s!["rules"]!.AsArray()).ToList();
        Assert.Equal(Data.Engine.Rules.Rules.Select(r => r.Code).Order(), rules.Select(r => r!["code"]!.GetValue<string>()).Order());
        Assert.Equal(Data.Manifest.Entries.Count, rules.Sum(r => r!["failed"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_department_asking_for_another_departments_findings_is_refused()
    {
        var response = await Data.Hub.AdminAsync(Query, new { d = "bhxh" }, Data.Hub.DepartmentToken("so-tnmt"));

        Assert.Equal(["DEPARTMENT_ONLY"], response.ErrorCodes);
        Assert.Null(response.Data?["dataQuality"]);
    }

    [Fact]
    public async Task The_csv_export_holds_exactly_what_the_department_must_fix()
    {
        using var client = Data.Hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/quality/findings.csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Data.Hub.DepartmentToken("so-ldtbxh"));

        using var response = await client.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("run,rule,dimension,severity,owner,source,key,problem", lines[0]);
        Assert.Equal(
            Data.Manifest.Entries.Where(e => e.Owner == "so-ldtbxh").Select(e => (e.Rule, e.Key)).Order(),
            lines.Skip(1).Select(l => l.Split(',')).Select(c => (c[1], c[6])).Order());
        var audit = await Data.Hub.LastAuditEntryAsync();
        Assert.Equal("quality-findings-csv so-ldtbxh", audit.OperationName);
    }

    /// <summary>One damaged data set and one finished run, shared by the tests of the class (they only read).</summary>
    public sealed class RunFixture : IAsyncLifetime
    {
        public QualityDataSet Data { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Data = await QualityDataSet.CreateAsync(3_000, 0.05);
            await Data.Engine.RunAsync(null, false, null, null, CancellationToken.None);
        }

        public async Task DisposeAsync() => await Data.DisposeAsync();
    }
}
