using DataHub.Connectors;
using DataHub.Connectors.Sql;
using DataHub.Hub.Composition;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Statistics;

/// <summary>The SQL connector groups and counts in the database: its groups equal a hand-written GROUP BY.</summary>
[Collection(HubCollection.Name)]
public sealed class SqlAggregateTests(DemoDataFixture data)
{
    private readonly List<string> _sql = [];

    private SqlConnector Connector(string source)
    {
        var schema = SourceSchemaReader.Read(Path.Combine(SchemaFolder.RepositorySchemaDirectory, source + ".graphql"), []);
        var mapping = SqlSourceMapping.Load(Path.Combine(SchemaFolder.RepositorySchemaDirectory, source + ".mapping.json"), schema);
        return new SqlConnector(mapping, new SqlConnectionSettings(SqlProvider.Sqlite,
            $"Data Source={Path.Combine(data.DataDirectory, source + ".db")};Mode=ReadOnly;Pooling=False")
        {
            CommandObserver = (_, sql) => _sql.Add(sql),
        });
    }

    [Fact]
    public async Task Citizens_by_household_commune_and_sex_equal_a_direct_group_by_in_one_statement()
    {
        var rows = await Connector("population").AggregateAsync(new AggregateQuery("Citizen", null,
            [new AggregateDimension("commune", Through: "household"), new AggregateDimension("sex")], null, new DateOnly(2026, 1, 1)), default);

        var expected = data.Column("population",
            "SELECT coalesce(h.commune,'') || '|' || c.sex || '|' || count(*) FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id GROUP BY h.commune, c.sex");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Select(r => $"{r.Keys[0] ?? ""}|{r.Keys[1]}|{r.Count}").Order(StringComparer.Ordinal).ToList());
        Assert.Single(_sql);
        Assert.Contains("GROUP BY", _sql[0]);
    }

    [Fact]
    public async Task Age_bands_and_months_are_computed_in_sql()
    {
        var asOf = new DateOnly(2026, 1, 1);
        var rows = await Connector("population").AggregateAsync(new AggregateQuery("Citizen",
            new FieldCondition("sex", FilterOperator.Eq, "FEMALE"),
            [new AggregateDimension("dateOfBirth", DimensionBucket.AgeBand) { AgeBands = [0, 6, 14, 18, 60] }], null, asOf), default);

        var under6 = data.Scalar<long>("population", "SELECT count(*) FROM citizens WHERE sex = 'FEMALE' AND date_of_birth > '2020-01-01'");
        var over60 = data.Scalar<long>("population", "SELECT count(*) FROM citizens WHERE sex = 'FEMALE' AND date_of_birth <= '1966-01-01'");
        Assert.Equal(under6, rows.Single(r => r.Keys[0] == "0-5").Count);
        Assert.Equal(over60, rows.Single(r => r.Keys[0] == "60+").Count);

        var months = await Connector("population").AggregateAsync(new AggregateQuery("Citizen",
            new FieldCondition("dateOfBirth", FilterOperator.Gte, new DateOnly(2020, 1, 1)),
            [new AggregateDimension("dateOfBirth", DimensionBucket.Month)], null, asOf), default);
        var expectedMonths = data.Column("population",
            "SELECT substr(date_of_birth,1,7) || '|' || count(*) FROM citizens WHERE date_of_birth >= '2020-01-01' GROUP BY substr(date_of_birth,1,7)");
        Assert.Equal(expectedMonths.Order(StringComparer.Ordinal), months.Select(r => $"{r.Keys[0]}|{r.Count}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Sums_are_computed_in_sql()
    {
        var rows = await Connector("social-welfare").AggregateAsync(new AggregateQuery("BenefitCase", null,
            [new AggregateDimension("benefitType"), new AggregateDimension("status")], "amountVnd", new DateOnly(2026, 1, 1)), default);

        var expected = data.Column("social-welfare",
            "SELECT benefit_type || '|' || status || '|' || count(*) || '|' || sum(amount_vnd) FROM benefit_cases GROUP BY benefit_type, status");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Select(r => $"{r.Keys[0]}|{r.Keys[1]}|{r.Count}|{r.Sum:0}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task A_groups_key_sum_is_the_sum_of_its_records_keys_computed_in_sql()
    {
        var rows = await Connector("population").AggregateAsync(new AggregateQuery("Citizen", null, [new AggregateDimension("sex")], null,
            new DateOnly(2026, 1, 1))
        { RecordKeys = new RecordKeys(7919, 13, 1009) }, default);

        var ids = data.Column("population", "SELECT personal_id FROM citizens WHERE sex = 'MALE'");
        var expected = ids.Sum(id => (long.Parse(id[^7..], System.Globalization.CultureInfo.InvariantCulture) * 7919 + 13) % 1009);
        Assert.Equal(expected, rows.Single(r => r.Keys[0] == "MALE").KeySum);
    }
}
