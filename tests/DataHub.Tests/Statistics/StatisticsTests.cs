using System.Text.Json.Nodes;
using DataHub.Hub.Composition;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Statistics;

/// <summary>
/// Two hubs over the same demo data: one publishing exact figures (k = 0, no perturbation), one protected (k = 10);
/// both reach the two department services (real HTTP on loopback), whose figures they count there.
/// </summary>
public sealed class StatisticsHubs : IDisposable
{
    private readonly Lock _gate = new();
    private Connectors.DepartmentServices? _departments;
    private HubFactory? _exact;
    private HubFactory? _protected;

    public Connectors.DepartmentServices Departments(string data)
    {
        lock (_gate)
        {
            return _departments ??= Connectors.DepartmentServices.StartAsync(data).GetAwaiter().GetResult();
        }
    }

    public HubFactory Exact(string data)
    {
        var settings = Departments(data).HubSettings(("DataHub:Statistics:MinimumCellCount", "0"), ("DataHub:Statistics:Perturbation", "false"));
        lock (_gate)
        {
            return _exact ??= new HubFactory(data, settings);
        }
    }

    public HubFactory Protected(string data)
    {
        var settings = Departments(data).HubSettings();
        lock (_gate)
        {
            return _protected ??= new HubFactory(data, settings);
        }
    }

    public void Dispose()
    {
        _exact?.Dispose();
        _protected?.Dispose();
        _departments?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// The statistics part of the composite schema through HTTP: figures against direct SQL over the same databases,
/// the IOC's aggregate-only grants, and the protection of published cells.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class StatisticsTests(DemoDataFixture data, StatisticsHubs hubs) : IClassFixture<StatisticsHubs>
{
    private const string Purpose = "ioc-reporting";

    [Fact]
    public async Task Population_by_commune_and_age_band_equals_direct_sql_when_no_protection_applies()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var response = await hub.PostAsync("{ statistics { population(groupBy: [COMMUNE, AGE_BAND]) { cells { keys count } total { count } } } }");

        var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        string Bound(int years) => asOf.AddYears(-years).ToString("yyyy-MM-dd");
        var expected = data.Column("population",
            "SELECT coalesce(commune,'') || '|' || band || '|' || count(*) FROM (SELECT h.commune AS commune, CASE WHEN c.date_of_birth > '" + Bound(6) + "' THEN '0-5' WHEN c.date_of_birth > '" + Bound(14) +
            "' THEN '6-13' WHEN c.date_of_birth > '" + Bound(18) + "' THEN '14-17' WHEN c.date_of_birth > '" + Bound(60) +
            "' THEN '18-59' ELSE '60+' END AS band FROM citizens c LEFT JOIN households h ON h.household_id = c.household_id) GROUP BY commune, band");
        var table = response.Data!["statistics"]!["population"]!;
        Assert.Empty(response.Errors);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Cells(table).Order(StringComparer.Ordinal));
        Assert.Equal(DemoDataFixture.Citizens, table["total"]!["count"]!.GetValue<long>());
        Assert.Equal(1, response.SourceCalls("population"));
    }

    [Fact]
    public async Task Sums_and_filters_use_the_record_filter_and_equal_direct_sql()
    {
        var hub = hubs.Exact(data.DataDirectory);
        var response = await hub.PostAsync("""
            { statistics {
                landParcels(groupBy: [LAND_USE_TYPE]) { cells { keys count sum } }
                benefitCases(where: { status: { eq: PAID } }, groupBy: [BENEFIT_TYPE]) { cells { keys count sum } } } }
            """);

        Assert.Empty(response.Errors);
        var land = data.Column("land", "SELECT land_use_type || '|' || count(*) || '|' || round(sum(area_m2)) FROM land_parcels GROUP BY land_use_type");
        Assert.Equal(land.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["landParcels"]!, withSum: true).Order(StringComparer.Ordinal));
        var paid = data.Column("social-welfare",
            "SELECT benefit_type || '|' || count(*) || '|' || sum(amount_vnd) || '.0' FROM benefit_cases WHERE status = 'PAID' GROUP BY benefit_type");
        Assert.Equal(paid.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["benefitCases"]!, withSum: true).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_ioc_reads_granted_figures_and_the_audit_entry_records_an_aggregate_disclosure_about_no_one()
    {
        var hub = hubs.Protected(data.DataDirectory);
        var response = await hub.PostAsync("{ statistics { population(groupBy: [COMMUNE, SEX]) { cells { keys count suppression } total { count } } } }",
            token: hub.DepartmentToken("ioc"), purpose: Purpose);

        Assert.Empty(response.Errors);
        Assert.NotEmpty(response.Data!["statistics"]!["population"]!["cells"]!.AsArray());
        var entry = await hub.LastAuditEntryAsync();
        Assert.Equal(("ioc", "ok", ""), (entry.Principal, entry.Outcome, entry.Citizens));
        Assert.Equal("Query.statistics,Statistics.population,Statistics.population.commune,Statistics.population.sex", entry.Fields);
    }

    [Fact]
    public async Task The_ioc_is_refused_a_dimension_or_filter_it_has_no_grant_for()
    {
        var hub = hubs.Protected(data.DataDirectory);
        var response = await hub.PostAsync("{ statistics { population(where: { fullName: { startsWith: \"Nguyễn\" } }) { total { count } } } }",
            token: hub.DepartmentToken("ioc"), purpose: Purpose);

        Assert.Equal(["FIELD_NOT_GRANTED"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.Equal("Statistics.population.fullName", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_ioc_token_is_refused_on_every_record_root_field_of_the_composite_schema()
    {
        var hub = hubs.Protected(data.DataDirectory);
        var token = hub.DepartmentToken("ioc");
        var composite = hub.Services.GetRequiredService<CompositeSchema>();
        var personalId = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];

        var roots = composite.QueryFields;
        Assert.True(roots.Count >= 8, "the walk covers the composite schema's record root fields");
        foreach (var root in roots)
        {
            var key = composite.GetType(root.EntityType).KeyField;
            var query = root.Kind == RootFieldKind.Lookup
                ? $"{{ {root.Name}({string.Join(", ", root.Arguments.Select(a => $"{a.Name}: \"{personalId}\""))}) {{ {key} }} }}"
                : $"{{ {root.Name}(first: 1) {{ totalCount }} }}";

            var response = await hub.PostAsync(query, token: token, purpose: Purpose);

            Assert.True(response.ErrorCodes.SequenceEqual(["AGGREGATE_ONLY"]), $"{root.Name}: {response.Body}");
            Assert.Null(response.Data);
        }
    }

    [Fact]
    public async Task A_cell_below_k_never_appears_and_a_lone_small_cell_takes_a_complement_with_it()
    {
        var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["DataHub:Statistics:Perturbation"] = "false" });
        using var _ = hub;
        var response = await hub.PostAsync(
            "{ statistics { population(groupBy: [COMMUNE, AGE_BAND, SEX]) { cells { keys count suppression } total { count } } } }");

        var table = response.Data!["statistics"]!["population"]!;
        var cells = table["cells"]!.AsArray();
        var exact = await hubs.Exact(data.DataDirectory).PostAsync(
            "{ statistics { population(groupBy: [COMMUNE, AGE_BAND, SEX]) { cells { keys count } } } }");
        var truth = exact.Data!["statistics"]!["population"]!["cells"]!.AsArray()
            .ToDictionary(c => Key(c!), c => c!["count"]!.GetValue<long>());

        var small = cells.Where(c => truth[Key(c!)] < 10).ToList();
        Assert.NotEmpty(small); // the table has small cells to protect
        Assert.All(small, c => Assert.Equal(("small", null), (c!["suppression"]?.GetValue<string>(), c["count"]?.GetValue<long>())));
        Assert.All(cells.Where(c => c!["count"] is not null), c => Assert.True(c!["count"]!.GetValue<long>() >= 10));

        // The published total minus the published cells is the sum of at least two unknown cells: no one of them follows.
        var hidden = cells.Count(c => c!["suppression"] is not null);
        var remainder = table["total"]!["count"]!.GetValue<long>() - cells.Where(c => c!["count"] is not null).Sum(c => c!["count"]!.GetValue<long>());
        Assert.True(hidden == 0 ? remainder == 0 : hidden >= 2, $"{hidden} hidden cells, remainder {remainder}");
    }

    [Fact]
    public async Task Differencing_two_overlapping_tables_does_not_single_out_the_person_between_them()
    {
        // The attack: for each commune, "all citizens" minus "citizens born after D", where D is the birth date of the
        // commune's oldest citizen: without protection the difference is exactly 1 and names that person's presence.
        var oldest = data.Column("population",
            "SELECT h.commune || '|' || min(c.date_of_birth) FROM citizens c JOIN households h ON h.household_id = c.household_id " +
            "GROUP BY h.commune HAVING count(*) >= 20 AND sum(c.date_of_birth = (SELECT min(c2.date_of_birth) FROM citizens c2 JOIN households h2 " +
            "ON h2.household_id = c2.household_id WHERE h2.commune = h.commune)) = 1")
            .Select(l => l.Split('|')).ToList();
        Assert.True(oldest.Count >= 5, "enough communes to attack");

        async Task<long[]> Differences(HubFactory hub)
        {
            var all = await hub.PostAsync("{ statistics { population(groupBy: [COMMUNE]) { cells { keys count } } } }");
            var allCounts = all.Data!["statistics"]!["population"]!["cells"]!.AsArray().ToDictionary(c => Key(c!), c => c!["count"]!.GetValue<long>());
            var result = new List<long>();
            foreach (var pair in oldest)
            {
                var rest = await hub.PostAsync("query($d: Date!) { statistics { population(where: { dateOfBirth: { gt: $d } }, groupBy: [COMMUNE]) { cells { keys count } } } }",
                    new { d = pair[1] });
                var restCount = rest.Data!["statistics"]!["population"]!["cells"]!.AsArray().Single(c => Key(c!) == pair[0])!["count"]!.GetValue<long>();
                result.Add(allCounts[pair[0]] - restCount);
            }

            return [.. result];
        }

        var unprotected = await Differences(hubs.Exact(data.DataDirectory));
        var withNoise = await Differences(hubs.Protected(data.DataDirectory));

        Assert.All(unprotected, d => Assert.Equal(1, d));
        // With cell-key noise the difference is the true one plus the noise of two different cells: most of the time it is not 1.
        var ones = withNoise.Count(d => d == 1);
        Assert.True(ones <= withNoise.Length / 2, $"differences {string.Join(",", withNoise)}");
        Assert.Contains(withNoise, d => d != 1);
    }

    [Fact]
    public async Task The_same_records_get_the_same_noise_whatever_the_query_so_repeating_or_rephrasing_averages_nothing_away()
    {
        var hub = hubs.Protected(data.DataDirectory);
        var plain = await hub.PostAsync("{ statistics { population(groupBy: [COMMUNE]) { cells { keys count } total { count } } } }");
        var rephrased = await hub.PostAsync(
            "{ statistics { population(where: { sex: { in: [MALE, FEMALE] } }, groupBy: [COMMUNE]) { cells { keys count } total { count } } } }");
        var exact = await hubs.Exact(data.DataDirectory).PostAsync("{ statistics { population(groupBy: [COMMUNE]) { cells { keys count } } } }");

        Assert.Equal(Cells(plain.Data!["statistics"]!["population"]!), Cells(rephrased.Data!["statistics"]!["population"]!));
        Assert.NotEqual(Cells(exact.Data!["statistics"]!["population"]!), Cells(plain.Data!["statistics"]!["population"]!)); // noise is there
    }

    private static string Key(JsonNode cell) => string.Join('|', cell["keys"]!.AsArray().Select(k => k?.GetValue<string>() ?? ""));

    private static List<string> Cells(JsonNode table, bool withSum = false) =>
        table["cells"]!.AsArray().Select(c => Key(c!) + "|" + c!["count"] + (withSum ? "|" + Sum(c) : "")).ToList();

    private static string Sum(JsonNode cell) =>
        cell["sum"] is { } sum ? Math.Round(sum.GetValue<double>()).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "";
}
