using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DataHub.Hub.Events;
using DataHub.Hub.Quality;
using DataHub.Hub.Statistics;
using DataHub.SyntheticData;
using DataHub.Tests.Infrastructure;
using DataHub.Tests.Statistics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// The IOC dashboard in headless Chromium, the hub running as its own process: the IOC's token signed in through the
/// console's sign-in page (<c>?to=ioc</c>), one panel per report form with a chart drawn on its canvas (chart.js,
/// self-hosted, under the page's Content-Security-Policy), and one table's numbers equal to <c>/ioc/forms/&lt;id&gt;.json</c>.
/// </summary>
public sealed class IocDashboardBrowserTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "datahub-ioc-browser-" + Guid.NewGuid().ToString("N"));
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static int FormCount => Directory.GetFiles(Path.Combine(Repository, "schema", "forms"), "*.json").Length;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Repository => Path.GetDirectoryName(DataHub.Tests.Composition.SchemaFolder.RepositorySchemaDirectory)!;

    public async Task InitializeAsync()
    {
        var seed = new SeedOptions(2_000);
        DemoDataSeeder.Seed(_data, seed);
        DepartmentDataSeeder.SeedCivilRegistration(Path.Combine(_data, "departments"), seed);
        DepartmentDataSeeder.SeedHealthInsurance(Path.Combine(_data, "departments"), seed);

        // The figures counted in the hub's own stores get a known history: a finished reconciliation run, and (once
        // the hub made its event store) liên thông dossiers.
        await HubFigureHistory.StoreRunAsync(new QualityStore(Path.Combine(_data, "quality.db")),
            "clean.population-personal-id", 2_000, 25, "clean.land-right-holder-not-in-population", 400, 3);
        _hub = await HubProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["DataHub__ChartJsDirectory"] = Path.Combine(Repository, "src", "Hub", "Ioc", "node_modules", "chart.js", "dist"),

            // The forms the department services count: the hub starts both services (not the workers) on free ports.
            ["DataHub__DemoDepartments__Enabled"] = "true",
            ["DataHub__DemoDepartments__Workers"] = "false",
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{FreePort()}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{FreePort()}/",
        });
        var events = new DbContextOptionsBuilder<EventDbContext>().UseSqlite($"Data Source={Path.Combine(_data, "events.db")};Pooling=False").Options;
        await using (var db = new EventDbContext(events))
        {
            db.Events.AddRange(HubFigureHistory.Dossiers(DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task The_ioc_signs_in_and_sees_every_form_charted_with_the_numbers_of_its_json()
    {
        var issued = await HubProcess.RunCommandAsync(_data, new Dictionary<string, string>(), "token", "--department", "ioc");
        var token = issued.Output.Trim().Split('\n')[^1].Trim();
        using var client = new HttpClient { BaseAddress = _hub!.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var forms = JsonNode.Parse(await client.GetStringAsync("/ioc/forms"))!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(FormCount, forms.Count);

        var page = await _browser!.NewPageAsync(new() { BaseURL = _hub.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                violations.Add(message.Text);
            }
        };

        // Not signed in: the dashboard sends the browser to the console's sign-in, for the dashboard.
        await page.GotoAsync("/ioc");
        Assert.Contains("/steward/signin?to=ioc", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#token", token);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.ArriveAsync("**/ioc");
        await page.Locator("#ioc-dashboard").WaitForAsync(new() { Timeout = ConsoleSignIn.TimeoutMs });

        foreach (var form in forms)
        {
            var panel = page.Locator($"#panel-{form}");
            Assert.Equal(1, await panel.CountAsync());
            Assert.Equal(0, await panel.Locator(".error").CountAsync());
            await panel.Locator("canvas[data-rendered=true]").WaitForAsync(new() { Timeout = ConsoleSignIn.TimeoutMs });
            // chart.js drew on it: the canvas has a size and is not blank.
            var drawn = await panel.Locator("canvas").EvaluateAsync<bool>(
                "c => c.width > 0 && c.height > 0 && Array.prototype.some.call(c.getContext('2d').getImageData(0, 0, c.width, c.height).data, v => v !== 0)");
            Assert.True(drawn, $"the chart of {form} is blank");
            Assert.NotEmpty(await panel.Locator("time[datetime]").GetAttributeAsync("datetime") ?? "");
        }

        // Tables, cell by cell, equal the forms' JSON (same form service, same protection, same noise): one of the
        // sources' figures, and the two counted in the hub (dossier times, data quality), which have published and
        // suppressed cells in the history above.
        await AssertTableEqualsJsonAsync(page, client, "land-use-by-type");
        Assert.Equal(5, await AssertTableEqualsJsonAsync(page, client, "lien-thong-dossier-times"));
        Assert.Equal(4, await AssertTableEqualsJsonAsync(page, client, "data-quality-scores"));
        Assert.Equal(2, await page.Locator("#panel-lien-thong-dossier-times td.count.suppressed").CountAsync()); // 3 late, 2 waiting: below k
        Assert.Equal(FormWorkbook.ContentType, (await client.GetAsync(
            await page.Locator("#panel-data-quality-scores a[href$='.xlsx']").GetAttributeAsync("href"))).Content.Headers.ContentType?.MediaType);
        Assert.Empty(violations); // no CSP refusal, no script error

        // The version the page polls, and the English switch.
        var version = JsonNode.Parse(await page.EvaluateAsync<string>("() => fetch('/ioc/versions.json').then(r => r.text())"))!["version"]!.GetValue<string>();
        Assert.Equal(await page.Locator("#ioc-dashboard").GetAttributeAsync("data-version"), version);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("ioc-dashboard.png"), FullPage = true });
        await page.GotoAsync("/ioc?lang=en");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(forms.Count, await page.Locator(".ioc-panel canvas").CountAsync());

        // Sign out: back to the sign-in page, and the dashboard asks to sign in again (its cookie is gone).
        await page.ClickAsync("#ioc-signout");
        await page.ArriveAsync("**/steward/signin?to=ioc");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "datahub.ioc");
        await page.GotoAsync("/ioc");
        Assert.Contains("/steward/signin?to=ioc", page.Url, StringComparison.Ordinal);
    }

    // The panel's table equals the form's JSON cell by cell (keys, count, sum, suppression); returns the cells compared.
    private static async Task<int> AssertTableEqualsJsonAsync(IPage page, HttpClient client, string form)
    {
        var table = JsonNode.Parse(await client.GetStringAsync($"/ioc/forms/{form}.json"))!["table"]!;
        var rows = page.Locator($"#panel-{form} table.ioc-table tbody tr.cell");
        var cells = table["cells"]!.AsArray();
        Assert.Equal(cells.Count, await rows.CountAsync());
        for (var i = 0; i < cells.Count; i++)
        {
            var row = rows.Nth(i);
            var keys = cells[i]!["keys"]!.AsArray().Select(k => k?.GetValue<string>() ?? "").ToList();
            Assert.Equal(string.Join('|', keys), await row.Locator("td.key").EvaluateAllAsync<string>("tds => tds.map(td => td.getAttribute('data-key') || '').join('|')"));
            Assert.Equal(Published(cells[i]!["count"]), await row.Locator("td.count").GetAttributeAsync("data-value"));
            if (cells[i]!["sum"] is not null || await row.Locator("td.sum").CountAsync() > 0)
            {
                Assert.Equal(Published(cells[i]!["sum"]), await row.Locator("td.sum").GetAttributeAsync("data-value"));
            }

            if (cells[i]!["suppression"] is { } suppression)
            {
                Assert.Equal("—", (await row.Locator("td.count").InnerTextAsync()).Trim());
                Assert.Equal(suppression.GetValue<string>(), await row.Locator("td.count").GetAttributeAsync("data-suppression"));
            }
        }

        Assert.Equal(Published(table["total"]!["count"]),
            await page.Locator($"#panel-{form} table.ioc-table tfoot td.count").GetAttributeAsync("data-value"));
        return cells.Count;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _hub?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Published(JsonNode? value) =>
        value is null ? "" : value.GetValue<double>().ToString("0.##", CultureInfo.InvariantCulture);
}
