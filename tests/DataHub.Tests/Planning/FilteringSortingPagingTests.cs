using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Planning;

/// <summary>Hot Chocolate-shaped where/order/first/after over SQLite, compared with what the database holds.</summary>
[Collection(HubCollection.Name)]
public sealed class FilteringSortingPagingTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    [Fact]
    public async Task TotalCount_equals_the_rows_in_the_database()
    {
        var response = await _hub.PostAsync("{ citizens { totalCount } }");

        Assert.Equal(DemoDataFixture.Citizens, response.Data!["citizens"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Eq_on_an_enum_and_lt_on_a_date_match_the_database_count()
    {
        var expected = data.Scalar<int>("population", "SELECT count(*) FROM citizens WHERE sex = 'FEMALE' AND date_of_birth < '1960-01-01'");

        var response = await _hub.PostAsync(
            "{ citizens(where: { sex: { eq: FEMALE }, dateOfBirth: { lt: \"1960-01-01\" } }) { totalCount nodes { sex dateOfBirth } } }");

        Assert.Equal(expected, response.Data!["citizens"]!["totalCount"]!.GetValue<int>());
        Assert.All(Nodes(response), n =>
        {
            Assert.Equal("FEMALE", n["sex"]!.GetValue<string>());
            Assert.True(string.CompareOrdinal(n["dateOfBirth"]!.GetValue<string>(), "1960-01-01") < 0);
        });
    }

    [Fact]
    public async Task StartsWith_contains_and_or_combine_like_the_sql_they_stand_for()
    {
        var expected = data.Scalar<int>("population",
            "SELECT count(*) FROM citizens WHERE (full_name LIKE 'Nguyễn%' OR instr(full_name, 'Thị') > 0) AND date_of_death IS NULL");

        var response = await _hub.PostAsync(
            "{ citizens(where: { or: [{ fullName: { startsWith: \"Nguyễn\" } }, { fullName: { contains: \"Thị\" } }], " +
            "dateOfDeath: { eq: null } }) { totalCount } }");

        Assert.Equal(expected, response.Data!["citizens"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task In_and_neq_filter_by_lists_and_exclusions()
    {
        var ids = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 5");

        var response = await _hub.PostAsync(
            "query($ids: [ID]) { citizens(where: { personalId: { in: $ids }, and: [{ personalId: { neq: \"" + ids[0] + "\" } }] }) " +
            "{ nodes { personalId } } }", new { ids });

        Assert.Equal(ids.Skip(1), Nodes(response).Select(n => n["personalId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Gte_and_lte_bound_an_integer_field()
    {
        var expected = data.Scalar<int>("land", "SELECT count(*) FROM land_parcels WHERE map_sheet_number BETWEEN 5 AND 10");

        var response = await _hub.PostAsync("{ landParcels(where: { mapSheetNumber: { gte: 5, lte: 10 } }) { totalCount } }");

        Assert.Equal(expected, response.Data!["landParcels"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Order_by_date_of_birth_descending_returns_the_youngest_first()
    {
        var expected = data.Column("population", "SELECT date_of_birth FROM citizens ORDER BY date_of_birth DESC, personal_id LIMIT 20");

        var response = await _hub.PostAsync("{ citizens(first: 20, order: [{ dateOfBirth: DESC }]) { nodes { dateOfBirth } } }");

        Assert.Equal(expected, Nodes(response).Select(n => n["dateOfBirth"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Paging_with_after_continues_where_the_last_page_ended_without_overlap()
    {
        var expected = data.Column("population", "SELECT personal_id FROM citizens ORDER BY full_name, personal_id LIMIT 30");
        const string Page = "query($after: String) { citizens(first: 10, after: $after, order: [{ fullName: ASC }]) " +
            "{ pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { personalId } } } }";

        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 3; page++)
        {
            var response = await _hub.PostAsync(Page, new { after });
            var connection = response.Data!["citizens"]!;
            Assert.True(connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
            Assert.Equal(page > 0, connection["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            seen.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!["personalId"]!.GetValue<string>()));
            after = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task The_last_page_says_there_is_no_next_page()
    {
        var response = await _hub.PostAsync(
            $"{{ citizens(first: 10, after: \"{Convert.ToBase64String("1994"u8.ToArray())}\") {{ pageInfo {{ hasNextPage }} nodes {{ personalId }} }} }}");

        Assert.False(response.Data!["citizens"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(5, Nodes(response).Count);
    }

    [Fact]
    public async Task Filters_are_translated_to_sql_and_only_requested_columns_are_read()
    {
        _hub.SqlLog.Drain();

        await _hub.PostAsync("{ citizens(first: 5, where: { fullName: { startsWith: \"Lê\" } }) { nodes { fullName } } }");

        var sql = Assert.Single(_hub.SqlLog.Drain(), s => s.Source == "population").Sql;
        Assert.Contains("WHERE", sql);
        Assert.Contains("LIKE", sql);
        Assert.Contains("LIMIT", sql);
        Assert.Contains("\"full_name\"", sql);
        Assert.DoesNotContain("\"phone_number\"", sql);
        Assert.DoesNotContain("Lê", sql); // the value travels as a parameter
    }

    [Fact]
    public async Task The_default_page_size_is_ten()
    {
        var response = await _hub.PostAsync("{ citizens { nodes { personalId } } }");

        Assert.Equal(10, Nodes(response).Count);
    }

    private static List<JsonNode> Nodes(GraphQLResponse response)
    {
        Assert.Empty(response.Errors);
        var connection = response.Data!.AsObject().First().Value!;
        return connection["nodes"]!.AsArray().Select(n => n!).ToList();
    }
}
