using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Hub.Statistics;
using DataHub.Tests.Composition;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Statistics;

/// <summary>The report forms under schema/forms: run for the IOC through the one pipeline, as JSON, CSV and .xlsx, loaded without a restart.</summary>
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
    public async Task Every_form_exports_as_xlsx_whose_cells_equal_the_json_of_the_same_run()
    {
        // The protected hub: noise and suppression are in the workbook exactly as in the JSON (the cache holds one run).
        var hub = hubs.Protected(data.DataDirectory);
        using var client = Client(hub, hub.DepartmentToken("ioc"));
        foreach (var form in Forms)
        {
            var json = JsonNode.Parse(await client.GetStringAsync($"/ioc/forms/{form}.json"))!;
            var response = await client.GetAsync($"/ioc/forms/{form}.xlsx");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(FormWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);

            var rows = Workbook.Rows(await response.Content.ReadAsByteArrayAsync());
            var table = json["table"]!;
            Assert.Equal([$"{json["title"]!["vi"]} / {json["title"]!["en"]}", FormWorkbook.ComputedAtLabel, table["computedAt"]!.GetValue<string>()], rows[0]);
            Assert.Equal(Expected(table), rows.Skip(1).ToList());
        }
    }

    [Fact]
    public async Task A_suppressed_cell_is_an_empty_count_and_its_mark_in_the_xlsx_as_in_the_csv()
    {
        var hub = hubs.Protected(data.DataDirectory);
        using var client = Client(hub, hub.DepartmentToken("ioc"));

        var csv = (await client.GetStringAsync("/ioc/forms/population-by-commune-age.csv")).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var rows = Workbook.Rows(await client.GetByteArrayAsync("/ioc/forms/population-by-commune-age.xlsx"));

        var suppressedCsv = csv.Where(l => l[^1] is "small" or "complement").ToList();
        Assert.NotEmpty(suppressedCsv); // the demo data has communes with fewer than k citizens of an age band
        var suppressedXlsx = rows.Skip(2).Where(r => r[^1] is "small" or "complement").ToList();
        Assert.Equal(suppressedCsv.Select(l => string.Join('|', l)), suppressedXlsx.Select(r => string.Join('|', r)));
        Assert.All(suppressedXlsx, r => Assert.Equal("", r[^2]));
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

    [Fact]
    public async Task The_dashboard_sign_out_clears_the_ioc_cookie_and_a_post_from_another_site_is_refused()
    {
        var hub = hubs.Protected(data.DataDirectory);
        using var client = hub.CreateClient(new() { AllowAutoRedirect = false });
        var token = hub.DepartmentToken("ioc");

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/ioc/signout");
        foreign.Headers.Add("Cookie", $"datahub.ioc={token}");
        foreign.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refused = await client.SendAsync(foreign);
        using var own = new HttpRequestMessage(HttpMethod.Post, "/ioc/signout");
        own.Headers.Add("Cookie", $"datahub.ioc={token}");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        own.Headers.Add("Origin", "null");
        using var signedOut = await client.SendAsync(own);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/steward/signin?to=ioc", signedOut.Headers.Location?.OriginalString);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("datahub.ioc=;", StringComparison.Ordinal) && c.Contains("path=/ioc", StringComparison.OrdinalIgnoreCase));
    }

    // The header and the lines the JSON says, written as the workbook's cells read back (numbers in invariant form).
    private static List<List<string>> Expected(JsonNode table)
    {
        var dimensions = table["dimensions"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        var cells = table["cells"]!.AsArray();
        var hasSum = cells.Any(c => c!["sum"] is not null) || table["total"]!["sum"] is not null;
        var sum = hasSum ? new[] { "sum" } : [];
        var lines = new List<List<string>>();
        lines.Add([.. dimensions, "count", .. sum, "suppression"]);
        foreach (var cell in cells.Append(table["total"]))
        {
            var keys = (cell!["keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>() ?? "").ToList(); // the total has none
            var line = keys.Count == 0 ? dimensions.Select((_, i) => i == 0 ? "total" : "").ToList() : keys;
            line.Add(Number(cell["count"]));
            if (hasSum)
            {
                line.Add(Number(cell["sum"]));
            }

            line.Add(cell["suppression"]?.GetValue<string>() ?? "");
            lines.Add(line);
        }

        return lines;
    }

    private static string Number(JsonNode? node) => node is null ? "" : node.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static HttpClient Client(HubFactory hub, string token)
    {
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
