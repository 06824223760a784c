using DataHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// Banana Cake Pop as a developer meets it in Development: a new document holds the README's first query, the endpoint
/// is set, and adding the token under HTTP Headers is all it takes to run it. The screenshot is the README's picture.
/// </summary>
public sealed class BananaCakePopBrowserTests : IClassFixture<DemoDataFixture>, IAsyncLifetime
{
    private readonly DemoDataFixture _data;
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BananaCakePopBrowserTests(DemoDataFixture data) => _data = data;

    private static string Repository => Path.GetDirectoryName(DataHub.Tests.Composition.SchemaFolder.RepositorySchemaDirectory)!;

    public async Task InitializeAsync()
    {
        _hub = await HubProcess.StartAsync(_data.DataDirectory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DataHub__DemoDepartments__Enabled"] = "false",
            ["DataHub__IdeDirectory"] = Path.Combine(Repository, "src", "Hub", "Ide", "node_modules", "@chillicream", "bananacakepop-graphql-ide"),
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task A_new_document_holds_the_first_query_and_runs_it_once_the_token_header_is_added()
    {
        var token = await StewardTokenAsync();
        var page = await _browser!.NewPageAsync(new() { BaseURL = _hub!.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/graphql/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create Document" }).First.ClickAsync();
        var request = await page.Locator(".monaco-editor").First.InnerTextAsync();
        await page.GetByText("HTTP Headers", new() { Exact = true }).ClickAsync();
        await page.Locator("input[placeholder='Name']").First.FillAsync("Authorization");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("input[placeholder='Name']").First.BlurAsync();
        await page.Locator("input[placeholder='Value']").First.FillAsync("Bearer " + token);
        await page.Locator("input[placeholder='Value']").First.BlurAsync();
        await page.GetByText("Schema available").WaitForAsync(new() { Timeout = 20_000 }); // the header reaches introspection too
        await page.GetByRole(AriaRole.Button, new() { Name = "Run Operation" }).ClickAsync();
        try
        {
            await page.GetByText("totalCount").Nth(1).WaitForAsync(new() { Timeout = 20_000 }); // in the response, beside the request's
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = ArtifactPath("bcp-authorization-header.png") });
        }


        Assert.Contains("citizens(first: 5", request.Replace('\u00a0', ' '));
        Assert.Contains(_hub.BaseAddress.Authority, await page.Locator("body").InnerTextAsync()); // the endpoint is set
        var response = await page.Locator(".monaco-editor").Nth(1).InnerTextAsync();
        Assert.Contains("personalId", response); // citizens came back, not an error
        Assert.DoesNotContain("UNAUTHENTICATED", response);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _hub?.Dispose();
    }

    private async Task<string> StewardTokenAsync()
    {
        var (exitCode, output) = await HubProcess.RunCommandAsync(_data.DataDirectory, new Dictionary<string, string>(), "token", "--steward", "bcp-steward");
        Assert.True(exitCode == 0, output);
        return output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>tests/artifacts/NAME in the repository (ignored by git), kept after the run.</summary>
    private static string ArtifactPath(string name)
    {
        var directory = Path.Combine(Repository, "tests", "artifacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
