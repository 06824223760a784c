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

    private static string Line(SourceRow row) =>
        $"{row.Key}|{row.Values["fullName"]}|{(DateOnly?)row.Values["dateOfBirth"]:yyyy-MM-dd}|{row.Values["household"]}";
}
