using DataHub.Hub.Seeding;
using DataHub.Tests.Infrastructure;
using Npgsql;

namespace DataHub.Tests.Scale;

/// <summary>The SQL connector on PostgreSQL: the demo sources copied in, the same answers as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSourcesTests(DemoDataFixture data, PostgresFixture postgres)
{
    public static TheoryData<string> Queries =>
    [
        "{ citizens(first: 20, where: { sex: { eq: FEMALE }, dateOfBirth: { lt: \"1970-01-01\" } }, order: [{ fullName: ASC }]) { totalCount nodes { personalId fullName dateOfBirth maritalStatus } } }",
        "{ citizens(first: 30) { nodes { personalId father { fullName } household { address members { fullName } } landRights { certificateNumber sharePercent parcel { areaM2 landUseType } } benefitCases { benefitType amountVnd openedOn } } } }",
        "{ landParcels(first: 10, where: { areaM2: { gte: 100 } }, order: [{ areaM2: DESC }]) { totalCount nodes { parcelId areaM2 rights { holder { fullName } } } } }",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Sources_on_postgresql_answer_exactly_as_on_sqlite(string query)
    {
        var database = postgres.NewDatabase("sources");
        var rows = await PostgresDemoData.CopyAsync(data.DataDirectory, database);
        using var onSqlite = new HubFactory(data.DataDirectory);
        using var onPostgres = new HubFactory(data.DataDirectory, PostgresSources(database));

        var expected = await onSqlite.PostAsync(query);
        var actual = await onPostgres.PostAsync(query);

        Assert.True(rows > DemoDataFixture.Citizens);
        Assert.Empty(actual.Errors);
        Assert.Equal(expected.Data!.ToJsonString(), actual.Data!.ToJsonString());
        Assert.Equal(expected.Json!["extensions"]!["sourceCalls"]!.ToJsonString(), actual.Json!["extensions"]!["sourceCalls"]!.ToJsonString());

        // The same parts answered by the same sources; only the data's age differs (a SQLite file's write time, unknown on PostgreSQL).
        Assert.Equal(Paths(expected), Paths(actual));
    }

    private static string Paths(GraphQLResponse response) =>
        string.Join(";", response.Json!["extensions"]!["sources"]!.AsObject().Select(s => s.Key + "=" + s.Value!["paths"]!.ToJsonString()));

    private static Dictionary<string, string?> PostgresSources(string database)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var source in PostgresDemoData.Sources)
        {
            settings[$"Sources:{source}:Provider"] = "PostgreSQL";
            settings[$"Sources:{source}:ConnectionString"] =
                new NpgsqlConnectionStringBuilder(database) { SearchPath = $"\"{source}\"" }.ConnectionString;
        }

        return settings;
    }
}
