using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Quality;

/// <summary><c>extensions.sources</c>: which source answered each part of a response, and how old its data is.</summary>
[Collection(HubCollection.Name)]
public sealed class ProvenanceTests(DemoDataFixture data)
{
    private const string Query = "{ citizens(first: 3) { nodes { personalId fullName household { address } landRights { rightId parcel { areaM2 } } benefitCases { caseId } } } }";

    [Fact]
    public async Task Each_source_names_the_parts_it_answered_and_the_age_of_its_data()
    {
        using var hub = new HubFactory(data.DataDirectory);

        var response = await hub.PostAsync(Query);

        Assert.Empty(response.Errors);
        var sources = response.Json!["extensions"]!["sources"]!;
        Assert.Equal(["citizens"], Paths(sources["population"]));
        Assert.Equal(["citizens.nodes.landRights"], Paths(sources["land"]));
        Assert.Equal(["citizens.nodes.benefitCases"], Paths(sources["social-welfare"]));
        var population = sources["population"]!;
        Assert.Equal(response.SourceCalls("population"), population["calls"]!.GetValue<int>());
        var asOf = DateTimeOffset.Parse(population["dataAsOf"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(data.DataDirectory, "population.db")), asOf.UtcDateTime);
        Assert.Equal(86_400, population["freshnessWindowSeconds"]!.GetValue<double>());
        Assert.False(population["stale"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_source_older_than_its_freshness_window_is_marked_stale()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["Sources:land:FreshnessMinutes"] = "0.001" });

        var response = await hub.PostAsync(Query);

        var sources = response.Json!["extensions"]!["sources"]!;
        Assert.True(sources["land"]!["stale"]!.GetValue<bool>());
        Assert.True(sources["land"]!["ageSeconds"]!.GetValue<double>() > 0.06);
        Assert.False(sources["population"]!["stale"]!.GetValue<bool>());
    }

    private static List<string> Paths(System.Text.Json.Nodes.JsonNode? source) =>
        source!["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
}
