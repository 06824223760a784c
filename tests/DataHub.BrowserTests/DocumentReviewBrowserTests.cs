using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// Trusted documents end to end, with the hub as its own process in trusted-only mode: a department app registers a
/// version, a steward approves it in the console (real headless Chromium), the app runs it by id and its ad-hoc text is refused.
/// </summary>
public sealed class DocumentReviewBrowserTests : IClassFixture<DemoDataFixture>, IAsyncLifetime
{
    private const string Lookup = "query GetPatient($id: ID!) { citizen(personalId: $id) { fullName phoneNumber } }";
    private readonly DemoDataFixture _data;
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DocumentReviewBrowserTests(DemoDataFixture data) => _data = data;

    public async Task InitializeAsync()
    {
        _hub = await HubProcess.StartAsync(_data.DataDirectory, new Dictionary<string, string> { ["Security__TrustedDocumentsOnly"] = "true" });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task A_steward_approves_a_pushed_document_in_the_console_and_the_app_runs_it_by_id()
    {
        var issuer = new LocalIssuer(new LocalIssuerOptions(), _data.DataDirectory, TimeProvider.System);
        var department = issuer.ForDepartment("6f1c2a10-0000-4000-8000-000000000006", "so-y-te");
        var personalId = _data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];
        var pushed = (await PostAsync("/admin/graphql", department, new
        {
            query = "mutation($d: [DocumentInput!]!) { registerDocuments(appVersion: \"1.4\", documents: $d) { id documentId } }",
            variables = new { d = new[] { new { name = "GetPatient.graphql", text = Lookup } } },
        }))["data"]!["registerDocuments"]![0]!;
        var (id, documentId) = (pushed["id"]!.GetValue<int>(), pushed["documentId"]!.GetValue<string>());
        Assert.Equal(["DOCUMENT_NOT_APPROVED"], Codes(await PostAsync("/graphql", department, new { documentId, variables = new { id = personalId } })));

        var page = await _browser!.NewPageAsync(new() { BaseURL = _hub!.BaseAddress.ToString() });
        await ConsoleSignIn.SignInAsync(page, issuer.ForSteward("steward-documents"));
        await page.GotoAsync("/steward/documents");
        var section = page.Locator($"#document-{id}");
        Assert.Contains("Citizen.phoneNumber", await section.InnerTextAsync());
        Assert.Contains("medical-treatment", await section.InnerTextAsync());
        await page.SetViewportSizeAsync(1400, 900);
        await section.ScreenshotAsync(new() { Path = Artifacts.PathOf("steward-documents.png") });
        await section.Locator("form.approve input[name=reason]").FillAsync("Đúng nghiệp vụ tiếp đón bệnh nhân");
        await section.Locator("form.approve button[type=submit]").ClickAsync();
        await page.Locator("p.done").WaitForAsync();

        var byId = await PostAsync("/graphql", department, new { documentId, variables = new { id = personalId } });
        var adHoc = await PostAsync("/graphql", department, new { query = Lookup, variables = new { id = personalId } });
        Assert.Empty(Codes(byId));
        Assert.NotNull(byId["data"]?["citizen"]?["fullName"]);
        Assert.Equal(["DOCUMENT_NOT_TRUSTED"], Codes(adHoc));
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

    private async Task<JsonNode> PostAsync(string path, string token, object body)
    {
        using var client = new HttpClient { BaseAddress = _hub!.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Purpose", "medical-treatment");
        using var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static List<string> Codes(JsonNode response) =>
        (response["errors"] as JsonArray ?? []).Select(e => e!["extensions"]!["code"]!.GetValue<string>()).ToList();
}
