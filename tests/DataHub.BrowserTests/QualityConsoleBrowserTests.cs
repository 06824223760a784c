using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataHub.SyntheticData;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// The console's data-quality page in headless Chromium, over data damaged at a known rate and reconciled by the hub's
/// own <c>quality run</c> command (with the two department services it starts), the hub running as its own process.
/// </summary>
public sealed class QualityConsoleBrowserTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "datahub-quality-browser-" + Guid.NewGuid().ToString("N"));
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        DemoDataSeeder.Seed(_data, new SeedOptions(2_000, DiscrepancyRate: 0.03));
        var run = await HubProcess.RunCommandAsync(_data, new Dictionary<string, string>
        {
            ["DataHub__DemoDepartments__Enabled"] = "true",
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{FreePort()}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{FreePort()}/",
            ["Quality__ReferenceDate"] = DemoCalendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, "quality", "run");
        Assert.True(run.ExitCode == 0, run.Output);
        _hub = await HubProcess.StartAsync(_data, new Dictionary<string, string>());
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task A_steward_sees_the_score_per_source_and_rule()
    {
        var token = await HubProcess.RunCommandAsync(_data, new Dictionary<string, string>(), "token", "--steward", "steward-quality");
        var manifest = DiscrepancyManifest.Read(Path.Combine(_data, DiscrepancyManifest.FileName));
        var page = await _browser!.NewPageAsync(new() { BaseURL = _hub!.BaseAddress.ToString() });
        await ConsoleSignIn.SignInAsync(page, token.Output.Trim().Split('\n')[^1].Trim());

        await page.GotoAsync("/steward/quality");
        var rules = page.Locator("#quality-rules tbody tr");

        Assert.Equal(17, await rules.CountAsync()); // every rule of schema/quality-rules.json
        Assert.Equal(5, await page.Locator("#quality-sources tbody tr").CountAsync());
        var text = await page.Locator("#quality-rules").InnerTextAsync();
        var injected = manifest.Entries.First();
        Assert.Contains(injected.Rule, text);
        Assert.Contains(injected.Key, text); // the first failing keys of each rule, in key order
        await page.SetViewportSizeAsync(1600, 1000);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("steward-quality.png"), FullPage = true });
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
