using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Hub.Dossiers;
using DataHub.Hub.Events;
using DataHub.Hub.Quality;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Statistics;

/// <summary>
/// The figures counted in the hub's own stores: liên thông dossier times in the event store, the data-quality scores
/// in the reconciliation's store. Each test has an event store and a quality store of its own (no other test's
/// events or runs), filled with a known history, and reads it through an exact hub (k = 0, no noise) and a protected one.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class HubFigureTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "ioc-reporting";
    private readonly string _stores = Directory.CreateTempSubdirectory("datahub-hub-figures-").FullName;
    private readonly List<HubFactory> _hubs = [];

    [Fact]
    public async Task Dossier_times_by_chain_and_outcome_equal_the_stored_history_and_the_dossier_reader()
    {
        var exact = Hub(protect: false);
        await StoreDossierHistoryAsync(exact);

        var response = await exact.PostAsync("{ statistics { dossierTimes(groupBy: [CHAIN, OUTCOME]) { cells { keys count sum } total { count } } } }",
            token: exact.DepartmentToken("ioc"), purpose: Purpose);
        var byState = await exact.PostAsync("{ statistics { dossierTimes(groupBy: [CHAIN, STATE]) { cells { keys count } } } }",
            token: exact.DepartmentToken("ioc"), purpose: Purpose);

        Assert.Empty(response.Errors);
        // 12 births done in 90 minutes (target: 60 per step, 120), 3 in 200 minutes, 11 stalled a month ago, 2 filed
        // just now; 10 deaths done in 40 minutes. A second answer to one filing does not count twice.
        Assert.Equal(
            ["birth|done-in-target|12|18", "birth|done-late|3|10", "birth|failed|11|0", "birth|waiting|2|0", "death|done-in-target|10|6.67"],
            Cells(response.Data!["statistics"]!["dossierTimes"]!, withSum: true));
        Assert.Equal(38, response.Data!["statistics"]!["dossierTimes"]!["total"]!["count"]!.GetValue<long>());

        // The same dossiers as the reader derives them one by one (the steward's dossier list).
        var dossiers = await exact.Services.GetRequiredService<DossierReader>().LatestAsync(null, null, 1000, CancellationToken.None);
        var expected = dossiers.GroupBy(d => $"{d.Chain.Code}|{d.State.ToString().ToUpperInvariant()}")
            .Select(g => $"{g.Key}|{g.Count()}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, Cells(byState.Data!["statistics"]!["dossierTimes"]!, withSum: false));
    }

    [Fact]
    public async Task Dossier_cells_below_k_are_suppressed_for_the_ioc_and_the_form_runs_through_the_one_pipeline()
    {
        var hub = Hub(protect: true);
        await StoreDossierHistoryAsync(hub);
        using var client = Client(hub, hub.DepartmentToken("ioc"));

        var form = JsonNode.Parse(await client.GetStringAsync("/ioc/forms/lien-thong-dossier-times.json"))!["table"]!;
        var entry = await hub.LastAuditEntryAsync();

        var cells = form["cells"]!.AsArray();
        var late = cells.Single(c => c!["keys"]![2]!.GetValue<string>() == "done-late");
        var waiting = cells.Single(c => c!["keys"]![2]!.GetValue<string>() == "waiting");
        Assert.Equal(("small", null), (late!["suppression"]?.GetValue<string>(), late["count"]?.GetValue<long>()));
        Assert.Equal(("small", null), (waiting!["suppression"]?.GetValue<string>(), waiting["count"]?.GetValue<long>()));
        var onTime = cells.Single(c => c!["keys"]![0]!.GetValue<string>() == "birth" && c["keys"]![2]!.GetValue<string>() == "done-in-target");
        Assert.InRange(onTime!["count"]!.GetValue<long>(), 10, 14); // 12, with the cell's noise of −2…+2
        Assert.Contains("Statistics.dossierTimes", entry.Fields);
    }

    [Fact]
    public async Task Data_quality_scores_equal_the_newest_stored_run_and_a_small_failed_count_is_suppressed()
    {
        var exact = Hub(protect: false);
        var rules = exact.Services.GetRequiredService<QualityRuleSet>().Rules.Take(2).ToList();
        Assert.Equal(2, rules.Count);
        var store = new QualityStore(Path.Combine(_stores, "quality.db"));
        await HubFigureHistory.StoreRunAsync(store, rules[0].Code, 400, 40, rules[1].Code, 400, 40); // an older run: not the one published
        await HubFigureHistory.StoreRunAsync(store, rules[0].Code, 400, 25, rules[1].Code, 500, 3);

        var response = await exact.PostAsync("{ statistics { dataQuality(groupBy: [SOURCE, RULE, OUTCOME]) { cells { keys count } } } }",
            token: exact.DepartmentToken("ioc"), purpose: Purpose);
        var form = JsonNode.Parse(await Client(Hub(protect: true), null).GetStringAsync("/ioc/forms/data-quality-scores.json"))!["table"]!;

        Assert.Empty(response.Errors);
        Assert.Equal(new[]
        {
            $"{rules[0].Source}|{rules[0].Code}|clean|375", $"{rules[0].Source}|{rules[0].Code}|failed|25",
            $"{rules[1].Source}|{rules[1].Code}|clean|497", $"{rules[1].Source}|{rules[1].Code}|failed|3",
        }.Order(StringComparer.Ordinal), Cells(response.Data!["statistics"]!["dataQuality"]!, withSum: false));
        var smallFailed = form["cells"]!.AsArray().Single(c => c!["keys"]![1]!.GetValue<string>() == rules[1].Code && c["keys"]![2]!.GetValue<string>() == "failed");
        Assert.Equal("small", smallFailed!["suppression"]?.GetValue<string>());
        Assert.Null(smallFailed["count"]);
    }

    public void Dispose()
    {
        foreach (var hub in _hubs)
        {
            hub.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_stores, recursive: true);
    }

    // A hub over the demo data whose event store and quality store are this test's own files.
    private HubFactory Hub(bool protect)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Events"] = $"Data Source={Path.Combine(_stores, "events.db")};Pooling=False",
            ["Quality:StoreFile"] = Path.Combine(_stores, "quality.db"),
            ["DataHub:Statistics:CacheSeconds"] = "0",
        };
        if (!protect)
        {
            settings["DataHub:Statistics:MinimumCellCount"] = "0";
            settings["DataHub:Statistics:Perturbation"] = "false";
        }

        var hub = new HubFactory(data.DataDirectory, settings);
        _hubs.Add(hub);
        _ = hub.Server; // started: the event store exists
        return hub;
    }

    private static async Task StoreDossierHistoryAsync(HubFactory hub)
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<EventDbContext>>().CreateDbContextAsync();
        db.Events.AddRange(HubFigureHistory.Dossiers(DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    private static List<string> Cells(JsonNode table, bool withSum) => table["cells"]!.AsArray()
        .Select(c => string.Join('|', c!["keys"]!.AsArray().Select(k => k?.GetValue<string>() ?? ""))
            + "|" + c["count"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)
            + (withSum ? "|" + (c["sum"]?.GetValue<double>() ?? 0).ToString(CultureInfo.InvariantCulture) : ""))
        .Order(StringComparer.Ordinal).ToList();

    private static HttpClient Client(HubFactory hub, string? token)
    {
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? hub.DepartmentToken("ioc"));
        return client;
    }
}
