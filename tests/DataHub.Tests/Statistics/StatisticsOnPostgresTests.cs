using System.Text.Json.Nodes;
using DataHub.Hub.Seeding;
using DataHub.Tests.Infrastructure;
using Npgsql;

namespace DataHub.Tests.Statistics;

/// <summary>Aggregate pushdown on PostgreSQL sources: one GROUP BY sent to the server, the figures equal direct SQL there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatisticsOnPostgresTests(DemoDataFixture data, PostgresFixture postgres)
{
    [Fact]
    public async Task Figures_on_postgresql_are_grouped_by_the_server_and_equal_direct_sql_there()
    {
        var database = postgres.NewDatabase("statistics");
        await PostgresDemoData.CopyAsync(data.DataDirectory, database);
        var settings = Sources(database);
        settings["DataHub:Statistics:MinimumCellCount"] = "0";
        settings["DataHub:Statistics:Perturbation"] = "false";
        using var hub = new HubFactory(data.DataDirectory, settings);
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        string Bound(int years) => asOf.AddYears(-years).ToString("yyyy-MM-dd");
        hub.SqlLog.Drain();

        var response = await hub.PostAsync("""
            { statistics {
                population(groupBy: [COMMUNE, AGE_BAND]) { cells { keys count } }
                benefitCases(where: { status: { eq: PAID } }, groupBy: [BENEFIT_TYPE]) { cells { keys count sum } } } }
            """);

        Assert.Empty(response.Errors);
        var population = Query(database,
            "SELECT commune || '|' || band || '|' || count(*) FROM (SELECT coalesce(h.commune, '') AS commune, CASE WHEN c.date_of_birth > '" + Bound(6) +
            "' THEN '0-5' WHEN c.date_of_birth > '" + Bound(14) + "' THEN '6-13' WHEN c.date_of_birth > '" + Bound(18) + "' THEN '14-17' WHEN c.date_of_birth > '" +
            Bound(60) + "' THEN '18-59' ELSE '60+' END AS band FROM population.citizens c LEFT JOIN population.households h ON h.household_id = c.household_id) x " +
            "GROUP BY commune, band");
        var paid = Query(database,
            "SELECT benefit_type || '|' || count(*) || '|' || sum(amount_vnd) FROM \"social-welfare\".benefit_cases WHERE status = 'PAID' GROUP BY benefit_type");
        Assert.Equal(population.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["population"]!, false).Order(StringComparer.Ordinal));
        Assert.Equal(paid.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["benefitCases"]!, true).Order(StringComparer.Ordinal));
        var sent = hub.SqlLog.Drain();
        Assert.Contains(sent, c => c.Source == "population" && c.Sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(sent, c => c.Source == "social-welfare" && c.Sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Protected_figures_on_postgresql_equal_the_same_figures_on_sqlite_as_record_keys_are_computed_alike()
    {
        var database = postgres.NewDatabase("statistics");
        await PostgresDemoData.CopyAsync(data.DataDirectory, database);
        using var onPostgres = new HubFactory(data.DataDirectory, Sources(database));
        using var onSqlite = new HubFactory(data.DataDirectory);
        const string Query = "{ statistics { population(groupBy: [COMMUNE, SEX]) { cells { keys count suppression } total { count } } } }";

        var expected = await onSqlite.PostAsync(Query);
        var actual = await onPostgres.PostAsync(Query);

        Assert.Empty(actual.Errors);
        Assert.True(actual.Data!["statistics"]!["population"]!["cells"]!.AsArray().Count > 2);
        Assert.Equal(expected.Data!.ToJsonString(), actual.Data!.ToJsonString());
    }

    private static List<string> Query(string database, string sql)
    {
        using var connection = new NpgsqlConnection(database);
        return DirectSql.Column(connection, sql);
    }

    private static List<string> Cells(JsonNode table, bool withSum) =>
        table["cells"]!.AsArray().Select(c => string.Join("|", c!["keys"]!.AsArray().Select(k => k?.GetValue<string>() ?? "")) + "|" + c["count"]
            + (withSum ? "|" + Math.Round(c["sum"]!.GetValue<double>()).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")).ToList();

    private static Dictionary<string, string?> Sources(string database)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var source in PostgresDemoData.Sources)
        {
            settings[$"Sources:{source}:Provider"] = "PostgreSQL";
            settings[$"Sources:{source}:ConnectionString"] = new NpgsqlConnectionStringBuilder(database) { SearchPath = $"\"{source}\"" }.ConnectionString;
        }

        return settings;
    }
}
