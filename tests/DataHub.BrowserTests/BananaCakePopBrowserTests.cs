using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// Banana Cake Pop as a developer meets it in Development: a new document holds the README's first query, the endpoint
/// is set, and adding the token under HTTP Headers is all it takes to run it; with a department's token and purpose
/// there, a subscription typed in receives life events. The screenshots are the README's pictures.
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
        await WaitForSchemaAsync(page); // the header reaches introspection too; BCP is asked again if it gave up before the header
        await page.GetByRole(AriaRole.Button, new() { Name = "Run Operation" }).ClickAsync();
        try
        {
            await page.GetByText("totalCount").Nth(1).WaitForAsync(new() { Timeout = 20_000 }); // in the response, beside the request's
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("bcp-authorization-header.png") });
        }


        Assert.Contains("citizens(first: 5", request.Replace('\u00a0', ' '));
        Assert.Contains(_hub.BaseAddress.Authority, await page.Locator("body").InnerTextAsync()); // the endpoint is set
        var response = await page.Locator(".monaco-editor").Nth(1).InnerTextAsync();
        Assert.Contains("personalId", response); // citizens came back, not an error
        Assert.DoesNotContain("UNAUTHENTICATED", response);
    }

    [Fact]
    public async Task A_subscription_with_a_department_token_and_purpose_receives_a_birth_published_over_HTTP()
    {
        var police = await TokenAsync("--department", "cong-an");
        var civilRegistry = await TokenAsync("--department", "so-tu-phap");
        var personalId = _data.Column("population", "SELECT personal_id FROM citizens WHERE date_of_death IS NULL ORDER BY personal_id LIMIT 1")[0];
        var fullName = _data.Column("population", $"SELECT full_name FROM citizens WHERE personal_id = '{personalId}'")[0];
        var page = await _browser!.NewPageAsync(new() { BaseURL = _hub!.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var sockets = new List<IWebSocket>();
        var initPayloads = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            sockets.Add(socket);
            socket.FrameSent += (_, frame) =>
            {
                if (frame.Text?.Contains("\"connection_init\"", StringComparison.Ordinal) == true)
                {
                    initPayloads.Add(frame.Text);
                }
            };
        };
        await page.GotoAsync("/graphql/");

        // The README's way: the token and the purpose as two HTTP headers of the document; BCP sends them, lower-cased,
        // as the connection_init payload of its graphql-transport-ws socket.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Document" }).First.ClickAsync();
        await page.GetByText("HTTP Headers", new() { Exact = true }).ClickAsync();
        await AddHeaderAsync(page, 0, "Authorization", "Bearer " + police);
        await AddHeaderAsync(page, 1, "X-Purpose", "residence-registration");
        try
        {
            await WaitForSchemaAsync(page);
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("bcp-subscription.png") });
        }

        await TypeDocumentAsync(page, "subscription { lifeEvents { id kind citizen { fullName } } }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run Operation" }).ClickAsync();

        // The civil registry publishes a birth over HTTP; it reaches the response pane (polled, with a bound).
        var published = await PublishAsync(civilRegistry, personalId);
        var response = page.Locator(".monaco-editor").Nth(1);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var shown = "";
        while (DateTime.UtcNow < deadline && !shown.Contains(published, StringComparison.Ordinal))
        {
            await Task.Delay(250);
            shown = (await response.InnerTextAsync()).Replace('\u00a0', ' ');
        }

        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("bcp-subscription.png") });
        Assert.Contains(published, shown);
        Assert.Contains("BirthRegistered", shown);
        Assert.Contains(fullName, shown); // read at delivery under cong-an's grants
        Assert.Contains(initPayloads, p => p.Contains("\"authorization\":\"Bearer ", StringComparison.Ordinal) && p.Contains("\"x-purpose\":\"residence-registration\"", StringComparison.Ordinal));
        Assert.Contains(sockets, s => s.Url.EndsWith("/graphql", StringComparison.Ordinal) && !s.IsClosed);
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

    private Task<string> StewardTokenAsync() => TokenAsync("--steward", "bcp-steward");

    private async Task<string> TokenAsync(string kind, string name)
    {
        var (exitCode, output) = await HubProcess.RunCommandAsync(_data.DataDirectory, new Dictionary<string, string>(), "token", kind, name);
        Assert.True(exitCode == 0, output);
        return output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>
    /// Waits (bounded) until BCP has the schema. BCP fetches it as the headers change; a fetch made while a header was
    /// half typed, or one that timed out on a loaded machine, leaves "Schema unavailable" until something asks again,
    /// so ask again with BCP's own "Reload Schema" shortcut (Ctrl+Alt+R) every 15 seconds.
    /// </summary>
    private static async Task WaitForSchemaAsync(IPage page)
    {
        var available = page.GetByText("Schema available");
        for (var attempt = 0; attempt < 6; attempt++)
        {
            try
            {
                await available.WaitForAsync(new() { Timeout = 15_000 });
                return;
            }
            catch (TimeoutException)
            {
                await page.Keyboard.PressAsync("Control+Alt+R");
            }
        }

        await available.WaitForAsync(new() { Timeout = 15_000 });
    }

    /// <summary>
    /// Replaces the request document and waits (bounded) until BCP took it: the editor holds exactly the document and
    /// BCP has parsed it (its "Run ▷" lens above the operation). On a loaded machine the editor can drop the typed text,
    /// or BCP can hold a schema fetched before the headers were complete, so ask for the schema again and type it again,
    /// up to three times. (BCP 18's builder pane, which this waited for before, no longer fills in.)
    /// </summary>
    private static async Task TypeDocumentAsync(IPage page, string document)
    {
        var editor = page.Locator(".monaco-editor").First;
        var lines = page.Locator(".monaco-editor .view-lines").First;
        var parsed = page.GetByText("Run ▷");
        for (var attempt = 1; ; attempt++)
        {
            await editor.ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Delete");
            await page.Keyboard.InsertTextAsync(document);
            try
            {
                await parsed.WaitForAsync(new() { Timeout = 20_000 });
                var held = (await lines.InnerTextAsync()).Replace('\u00a0', ' ').Trim();
                if (held == document)
                {
                    return;
                }

                throw new TimeoutException($"The editor holds '{held}', not the document typed.");
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await page.ScreenshotAsync(new() { Path = Artifacts.PathOf($"bcp-subscription-attempt-{attempt}.png") });
                await page.Keyboard.PressAsync("Control+Alt+R");
                await Task.Delay(2_000);
                await WaitForSchemaAsync(page);
            }
        }
    }

    private static async Task AddHeaderAsync(IPage page, int row, string name, string value)
    {
        var nameInput = page.Locator("input[placeholder='Name']").Nth(row);
        var valueInput = page.Locator("input[placeholder='Value']").Nth(row);

        // The row re-renders as the name is committed (and a new empty row appears), which can drop a name or a value
        // typed meanwhile on a loaded machine: type each again until both hold (bounded).
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await nameInput.InputValueAsync() != name)
            {
                await nameInput.FillAsync(name);
                await page.Keyboard.PressAsync("Escape"); // closes the header-name suggestions
                await nameInput.BlurAsync();
            }

            if (await valueInput.InputValueAsync() != value)
            {
                await valueInput.FillAsync(value);
                await valueInput.BlurAsync();
            }

            await Task.Delay(300);
            if (await nameInput.InputValueAsync() == name && await valueInput.InputValueAsync() == value)
            {
                break;
            }
        }

        Assert.Equal(name, await nameInput.InputValueAsync());
        Assert.Equal(value, await valueInput.InputValueAsync());
    }

    /// <summary>Publishes a BirthRegistered about <paramref name="personalId"/> with the civil registry's token; returns the event's id.</summary>
    private async Task<string> PublishAsync(string token, string personalId)
    {
        using var client = new HttpClient { BaseAddress = _hub!.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                query = "mutation($p: String!) { publishLifeEvent(input: { kind: \"BirthRegistered\", personalId: $p, registrationNumber: \"KS-2026-900001\" }) { id } }",
                variables = new { p = personalId },
            }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?["data"]?["publishLifeEvent"]?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The publish was refused: " + body);
    }
}
