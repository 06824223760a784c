using DataHub.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace DataHub.Tests.Planning;

/// <summary>Cross-source fields load through batch loaders: one call per source per level, whatever the page size.</summary>
[Collection(HubCollection.Name)]
public sealed class BatchingTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public async Task Citizens_with_land_rights_and_benefit_cases_make_one_call_to_each_source(int pageSize)
    {
        _hub.SqlLog.Drain();

        var response = await _hub.PostAsync(
            $"{{ citizens(first: {pageSize}) {{ nodes {{ personalId fullName landRights {{ certificateNumber }} benefitCases {{ benefitType }} }} }} }}");

        Assert.Empty(response.Errors);
        Assert.Equal(pageSize, response.Data!["citizens"]!["nodes"]!.AsArray().Count);
        Assert.Equal(1, response.SourceCalls("population"));
        Assert.Equal(1, response.SourceCalls("land"));
        Assert.Equal(1, response.SourceCalls("social-welfare"));
        var statements = _hub.SqlLog.Drain();
        Assert.Single(statements, s => s.Source == "land");
        Assert.Single(statements, s => s.Source == "social-welfare");
    }

    [Fact]
    public async Task Land_rights_returned_match_the_land_database_for_those_citizens()
    {
        var response = await _hub.PostAsync("{ citizens(first: 100) { nodes { personalId landRights { rightId } } } }");

        var nodes = response.Data!["citizens"]!["nodes"]!.AsArray();
        var ids = string.Join(",", nodes.Select(n => $"'{n!["personalId"]!.GetValue<string>()}'"));
        var expected = data.Scalar<int>("land", $"SELECT count(*) FROM land_use_rights WHERE holder_personal_id IN ({ids})");
        Assert.Equal(expected, nodes.Sum(n => n!["landRights"]!.AsArray().Count));
        Assert.True(expected > 0, "the sample should hold some land rights");
    }

    [Fact]
    public async Task Each_nested_level_adds_one_call_per_source_not_one_per_row()
    {
        var response = await _hub.PostAsync(
            "{ citizens(first: 100) { nodes { father { fullName household { address } } " +
            "landRights { parcel { areaM2 } holder { fullName } } } } }");

        Assert.Empty(response.Errors);
        // Level 1: the page. Level 2: fathers (population) and rights (land). Level 3: households and holders
        // (population, one call per entity type) and parcels (land).
        Assert.Equal(4, response.SourceCalls("population"));
        Assert.Equal(2, response.SourceCalls("land"));
    }

    [Fact]
    public async Task A_family_query_and_the_sql_it_caused_match_the_snapshot()
    {
        var personalId = data.Column("population",
            "SELECT personal_id FROM citizens WHERE father_personal_id IS NOT NULL AND household_id IS NOT NULL ORDER BY personal_id LIMIT 1")[0];
        _hub.SqlLog.Drain();

        var response = await _hub.PostAsync(
            "query($id: ID!) { citizen(personalId: $id) { personalId fullName dateOfBirth sex " +
            "father { fullName mother { fullName } } household { address members { fullName relationToHouseholdHead } } } }",
            new { id = personalId });

        // Sorted: the calls of one level run in parallel, so the order they reach the log in is not fixed.
        var sql = _hub.SqlLog.Drain().Select(s => $"[{s.Source}] {s.Sql}").Order(StringComparer.Ordinal).ToList();
        Snapshot.Match(new { result = response.Json.ForSnapshot(), sql }, o => o.IgnoreAllFields("dataAsOf").IgnoreAllFields("ageSeconds"));
    }
}
