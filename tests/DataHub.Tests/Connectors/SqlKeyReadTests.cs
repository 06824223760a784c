using DataHub.Connectors;
using DataHub.Connectors.Sql;
using DataHub.Hub.Composition;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Connectors;

/// <summary>
/// The SQL connector's reads by key run on prepared commands over open connections shared between callers: many
/// callers at once each get exactly their own rows, as the database holds them.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class SqlKeyReadTests(DemoDataFixture data)
{
    private SqlConnector Connector(string source)
    {
        var schema = SourceSchemaReader.Read(Path.Combine(SchemaFolder.RepositorySchemaDirectory, source + ".graphql"), []);
        var mapping = SqlSourceMapping.Load(Path.Combine(SchemaFolder.RepositorySchemaDirectory, source + ".mapping.json"), schema);
        return new SqlConnector(mapping, new SqlConnectionSettings(SqlProvider.Sqlite,
            $"Data Source={Path.Combine(data.DataDirectory, source + ".db")};Mode=ReadOnly"));
    }

    [Fact]
    public async Task Forty_callers_at_once_each_read_exactly_their_own_citizens()
    {
        using var connector = Connector("population");
        var expected = data.Column("population",
                "SELECT personal_id || '|' || full_name || '|' || date_of_birth || '|' || coalesce(household_id, '') FROM citizens ORDER BY personal_id LIMIT 200")
            .ToDictionary(line => line[..line.IndexOf('|', StringComparison.Ordinal)]);
        var batches = expected.Keys.Chunk(5).ToList();

        // Three rounds, so later rounds reuse the connections and statements the first one left open.
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(batches.Select(keys => Task.Run(() =>
                connector.LookupAsync("Citizen", keys, ["fullName", "dateOfBirth", "household"], default))));

            for (var i = 0; i < batches.Count; i++)
            {
                Assert.Equal(batches[i].Order(StringComparer.Ordinal), answers[i].Keys.Order(StringComparer.Ordinal));
                Assert.All(answers[i].Values, row => Assert.Equal(expected[row.Key], Line(row)));
            }
        }
    }

    [Fact]
    public async Task Household_members_by_parent_keys_come_in_key_order_and_equal_the_table()
    {
        using var connector = Connector("population");
        var households = data.Column("population", "SELECT household_id FROM households ORDER BY household_id LIMIT 30");

        var members = await connector.CollectAsync("Household", "members", households, ["fullName"], default);

        var expected = data.Column("population",
            $"SELECT household_id || '|' || personal_id FROM citizens WHERE household_id IN ({string.Join(',', households.Select(h => $"'{h}'"))}) ORDER BY personal_id");
        Assert.Equal(expected, members.SelectMany(kv => kv.Value.Select(row => $"{kv.Key}|{row.Key}"))
            .OrderBy(line => line[(line.IndexOf('|', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal).ToList());
        Assert.All(members.Values, list => Assert.Equal(list.Select(r => r.Key).Order(StringComparer.Ordinal), list.Select(r => r.Key)));
    }

    [Fact]
    public async Task A_page_that_names_its_keys_equals_the_same_page_filtered_another_way()
    {
        using var connector = Connector("population");
        var known = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 40");
        // Out of order, repeated, and with keys no citizen has: the page still holds each known citizen once, in key order.
        object?[] asked = [.. known.AsEnumerable().Reverse(), known[3], "000000000000", null];
        string[] fields = ["fullName", "dateOfBirth", "household"];

        foreach (var (skip, take, total) in new[] { (0, 100, true), (0, 15, true), (15, 15, false), (30, 15, true), (45, 15, true) })
        {
            var byKeys = await connector.ListAsync(new ListQuery("Citizen",
                new AllOf([new FieldCondition("personalId", FilterOperator.In, asked.ToList())]), [], skip, take, fields, total), default);
            // The same citizens, asked so that the page goes through EF Core (a range over the same keys and the in list).
            var throughEf = await connector.ListAsync(new ListQuery("Citizen",
                new AllOf([new FieldCondition("personalId", FilterOperator.In, asked.ToList()), new FieldCondition("personalId", FilterOperator.Gte, "0")]),
                [new SortField("personalId", false)], skip, take, fields, total), default);

            Assert.Equal(known.Skip(skip).Take(take), byKeys.Rows.Select(r => r.Key));
            Assert.Equal(throughEf.Rows.Select(Line), byKeys.Rows.Select(Line));
            Assert.Equal(skip + take < known.Count, byKeys.HasNextPage);
            Assert.Equal(throughEf.HasNextPage, byKeys.HasNextPage);
            Assert.Equal(total ? known.Count : null, byKeys.TotalCount);
            Assert.Equal(throughEf.TotalCount, byKeys.TotalCount);
        }

        var one = await connector.ListAsync(new ListQuery("Citizen",
            new AllOf([new FieldCondition("personalId", FilterOperator.Eq, known[7])]), [], 0, 10, fields, true), default);
        Assert.Equal([known[7]], one.Rows.Select(r => r.Key));
        Assert.Equal(1, one.TotalCount);

        var none = await connector.ListAsync(new ListQuery("Citizen",
            new AllOf([new FieldCondition("personalId", FilterOperator.In, new List<object?>())]), [], 0, 10, fields, true), default);
        Assert.Empty(none.Rows);
        Assert.False(none.HasNextPage);
        Assert.Equal(0, none.TotalCount);
    }

    private static string Line(SourceRow row) =>
        $"{row.Key}|{row.Values["fullName"]}|{(DateOnly?)row.Values["dateOfBirth"]:yyyy-MM-dd}|{row.Values["household"]}";
}
