using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Statistics;

/// <summary>The report forms under schema/forms: run for the IOC through the one pipeline, as JSON and CSV, loaded without a restart.</summary>
[Collection(HubCollection.Name)]
public sealed class ReportFormTests(DemoDataFixture data, StatisticsHubs hubs) : IClassFixture<StatisticsHubs>
{
    private static readonly string[] Forms = Directory.GetFiles(Path.Combine(SchemaFolder.RepositorySchemaDirectory, "forms"), "*.json")
        .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Every_committed_form_runs_for_the_ioc_and_equals_the_same_figure_asked_through_graphql()
    {
        var hub = hubs.Protected(data.DataDirectory);
        using var client = Client(hub, hub.DepartmentToken("ioc"));
        Assert.True(Forms.Length >= 8, "at least eight forms");

        var listed = JsonNode.Parse(await client.GetStringAsync("/ioc/forms"))!.AsArray().Select(f => f!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(Forms, listed);
        foreach (var form in Forms)
        {
            var response = await client.GetAsync($"/ioc/forms/{form}.json");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{form}: {body}");
            var table = JsonNode.Parse(body)!["table"]!;
            Assert.True(table["total"]!["count"] is not null || table["total"]!["suppression"] is not null, form);
        }

        // One form against the API: the same cells (perturbation is consistent, so the numbers are equal).
        var viaForm = JsonNode.Parse(await client.GetStringAsync("/ioc/forms/land-use-by-type.json"))!["table"]!["cells"]!.ToJsonString();
        var viaApi = await hub.PostAsync("{ statistics { landParcels(groupBy: [LAND_USE_TYPE]) { cells { keys count sum suppression } } } }",
            token: hub.DepartmentToken("ioc"), purpose: "ioc-reporting");
        Assert.Equal(viaApi.Data!["statistics"]!["landParcels"]!["cells"]!.ToJsonString(), viaForm);
    }

    [Fact]
    public async Task A_form_exports_as_csv_with_one_line_per_cell_and_the_total()
    {
        var hub = hubs.Exact(data.DataDirectory);
        using var client = Client(hub, hub.StewardToken);

        var csv = (await client.GetStringAsync("/ioc/forms/land-use-by-type.csv")).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("landUseType,count,sum,suppression", csv[0]);
        var types = data.Column("land", "SELECT DISTINCT land_use_type FROM land_parcels");
        Assert.Equal(types.Count + 3, csv.Count); // header, cells, total, computedAt
        var total = data.Scalar<long>("land", "SELECT count(*) FROM land_parcels");
        Assert.StartsWith($"total,{total},", csv[^2]);
    }

    [Fact]
    public async Task A_form_added_to_the_folder_is_served_without_a_restart_and_an_unknown_one_is_a_404()
    {
        using var schema = new SchemaFolder();
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["DataHub:SchemaDirectory"] = schema.Path });
        using var client = Client(hub, hub.StewardToken);
        var before = JsonNode.Parse(await client.GetStringAsync("/ioc/forms"))!.AsArray().Count;

        Directory.CreateDirectory(Path.Combine(schema.Path, "forms"));
        await File.WriteAllTextAsync(Path.Combine(schema.Path, "forms", "parcels-by-commune.json"),
            """{ "title": { "vi": "Số thửa đất theo xã", "en": "Parcels by commune" }, "figure": "landParcels", "groupBy": ["commune"] }""");
        var after = JsonNode.Parse(await client.GetStringAsync("/ioc/forms"))!.AsArray();
        var missing = await client.GetAsync("/ioc/forms/no-such-form.json");

        Assert.Equal(before + 1, after.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ioc/forms/parcels-by-commune.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("FORM_NOT_FOUND", await missing.Content.ReadAsStringAsync());
    }

    private static HttpClient Client(HubFactory hub, string token)
    {
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
