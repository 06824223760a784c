using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// The steward console in a real headless Chromium (Debian's, driven by Playwright; never a browser download),
/// against the hub running as its own process on a loopback port.
/// </summary>
public sealed class StewardConsoleBrowserTests : IClassFixture<DemoDataFixture>, IAsyncLifetime
{
    private const string Purpose = "medical-treatment";
    private const string Occupation = "{ citizens(first: 1) { nodes { fullName occupation } } }";
    private readonly DemoDataFixture _data;
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StewardConsoleBrowserTests(DemoDataFixture data) => _data = data;

    private HubProcess Hub => _hub!;

    public async Task InitializeAsync()
    {
        _hub = await HubProcess.StartAsync(_data.DataDirectory, new Dictionary<string, string>());
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task A_steward_approves_a_request_in_the_console_and_revokes_the_grant_again()
    {
        var stewardToken = await TokenAsync("--steward", "steward-browser");
        var departmentToken = await TokenAsync("--department", "so-y-te");
        Assert.Equal(["FIELD_NOT_GRANTED"], Codes(await QueryAsync(departmentToken)));
        var request = await AdminAsync(departmentToken,
            "mutation { requestAccess(fields: [\"Citizen.occupation\"], purpose: \"medical-treatment\", justification: \"Ghi nghề nghiệp vào bệnh án\") { id } }");
        var requestId = request["data"]!["requestAccess"]!["id"]!.GetValue<int>();
        var page = await _browser!.NewPageAsync(new() { BaseURL = Hub.BaseAddress.ToString() });

        // Sign in by pasting the token, as printed by `token --steward`.
        await ConsoleSignIn.SignInAsync(page, stewardToken, "/steward/signin");

        // Approve the pending request: the department's next query succeeds.
        await page.GotoAsync("/steward/requests");
        var section = page.Locator($"#request-{requestId}");
        await section.Locator("form.approve input[name=reason]").FillAsync("Có căn cứ pháp lý");
        await section.Locator("form.approve button[type=submit]").ClickAsync();
        await page.Locator("p.done").WaitForAsync();
        Assert.Empty(Codes(await QueryAsync(departmentToken)));
        await page.SetViewportSizeAsync(1400, 900);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("steward-requests.png"), FullPage = true });

        // The matrix shows the new grant; keep a screenshot of it.
        await page.GotoAsync("/steward/matrix");
        var cell = page.Locator("td[data-department='so-y-te'][data-field='Citizen.occupation']");
        Assert.Equal("granted", await cell.GetAttributeAsync("class"));
        await page.SetViewportSizeAsync(1400, 900);
        await page.Locator("#matrix").ScreenshotAsync(new() { Path = Artifacts.PathOf("steward-matrix.png") });

        // From the matrix to the grant, and revoke it: the next query is rejected.
        await cell.Locator("a").ClickAsync();
        await page.ArriveAsync("**/steward/grants?**");
        await page.Locator("#grants form.revoke input[name=reason]").First.FillAsync("Hết nhu cầu");
        await page.Locator("#grants form.revoke button[type=submit]").First.ClickAsync();
        await page.Locator("p.done").WaitForAsync();
        Assert.Equal(["FIELD_NOT_GRANTED"], Codes(await QueryAsync(departmentToken)));

        // The grant's history names both changes and who made them.
        var history = await page.Locator("table.changes").InnerTextAsync();
        Assert.Contains("revokeGrant", history);
        Assert.Contains("steward-browser", history);

        // The audit log, filtered with its selects, shows the console's own entries in local time.
        await page.GotoAsync("/steward/audit");
        await page.SelectOptionAsync("select[name=department]", "steward");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.ArriveAsync("**/steward/audit?**");
        Assert.Contains("Admin.revokeGrant", await page.Locator("#audit").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("steward-audit.png"), FullPage = true });
    }

    [Fact]
    public async Task The_console_is_in_Vietnamese_by_default_and_in_English_on_request()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = Hub.BaseAddress.ToString() });

        await page.GotoAsync("/steward/signin");
        var vietnamese = await page.Locator("h1").InnerTextAsync();
        await page.GotoAsync("/steward/signin?lang=en");
        var english = await page.Locator("h1").InnerTextAsync();
        await page.GotoAsync("/steward/signin");
        var remembered = await page.Locator("h1").InnerTextAsync();

        Assert.Equal("Đăng nhập", vietnamese);
        Assert.Equal("Sign in", english);
        Assert.Equal("Sign in", remembered);
    }

    [Fact]
    public async Task The_console_stylesheet_is_allowed_by_its_content_security_policy()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = Hub.BaseAddress.ToString() });
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        var response = await page.GotoAsync("/steward/signin");
        var header = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('header')).backgroundColor");

        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"]);
        Assert.Equal("rgb(18, 59, 109)", header); // the inline stylesheet applied: its hash is in the policy
        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_department_token_cannot_sign_in_to_the_console()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = Hub.BaseAddress.ToString() });

        await page.GotoAsync("/steward/signin?lang=en");
        await page.FillAsync("#token", await TokenAsync("--department", "so-y-te"));
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.signin button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/steward/signin", StringComparison.Ordinal));

        Assert.Equal(401, response.Status);
        Assert.Contains("not a data steward", await page.Locator(".error").InnerTextAsync());
        await page.GotoAsync("/steward/matrix");
        Assert.EndsWith("/steward/signin", page.Url);
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

    /// <summary>A token as `token --steward` / `token --department` prints it, from the hub's own command line.</summary>
    private async Task<string> TokenAsync(string kind, string value)
    {
        var hubDll = Path.Combine(AppContext.BaseDirectory, "DataHub.Hub.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", hubDll, "token", kind, value])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DataHub__DataDirectory"] = _data.DataDirectory,
                ["DataHub__SchemaDirectory"] = DataHub.Tests.Composition.SchemaFolder.RepositorySchemaDirectory,
                ["DataHub__WriteCompositeSchema"] = "false",
                ["DataHub__SeedDemoDataOnStart"] = "false",
                ["Identity__LocalIssuer__AllowInProduction"] = "true",
            },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return output.Trim().Split('\n')[^1].Trim();
    }

    private async Task<JsonNode> QueryAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = Hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = Occupation }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Purpose", Purpose);
        using var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonNode> AdminAsync(string token, string query)
    {
        using var client = new HttpClient { BaseAddress = Hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Null(body["errors"]);
        return body;
    }

    private static List<string> Codes(JsonNode response) =>
        (response["errors"] as JsonArray ?? []).Select(e => e!["extensions"]!["code"]!.GetValue<string>()).ToList();
}
