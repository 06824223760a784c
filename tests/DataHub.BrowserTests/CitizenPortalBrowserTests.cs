using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.SyntheticData;
using DataHub.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DataHub.BrowserTests;

/// <summary>
/// The citizen portal in headless Chromium at a phone's viewport, signed in through the OpenID Connect code flow with
/// PKCE against the hub's stand-in e-ID provider, the hub running as its own process: level 1 (history visible, consent
/// refused), level 2 (give → the department reads → withdraw → CONSENT_REQUIRED), a parent acting for a minor, a
/// department's request approved, another citizen's consents out of reach; axe-core checks every page.
/// </summary>
public sealed class CitizenPortalBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Purpose = "medical-treatment";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "datahub-portal-browser-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _accessibility = [];
    private HubProcess? _hub;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _department = "";

    public async Task InitializeAsync()
    {
        DemoDataSeeder.Seed(_data, new SeedOptions(2_000));
        _hub = await HubProcess.StartAsync(_data, new Dictionary<string, string>());
        var token = await HubProcess.RunCommandAsync(_data, new Dictionary<string, string>(), "token", "--department", "so-y-te");
        _department = token.Output.Trim().Split('\n')[^1].Trim();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task The_portal_on_a_phone_from_sign_in_to_consent_requests()
    {
        var (minor, parent) = MinorWithFather();
        var citizen = AdultWithoutConsent();
        var sequence = new StringBuilder();

        // Level 1: my record and history; consent controls refused.
        var level1 = await SignInAsync(citizen, level: 1);
        await CheckAsync(level1, "record");
        Assert.Contains("Cơ sở dữ liệu quốc gia về dân cư", await level1.Locator("#source-population").InnerTextAsync());
        await level1.GotoAsync("/me/history");
        Assert.True(await level1.Locator("#history li.access").CountAsync() > 0);
        await level1.ScreenshotAsync(new() { Path = Artifacts.PathOf("portal-history.png"), FullPage = true });
        await CheckAsync(level1, "history");
        await level1.GotoAsync("/me");
        Assert.Contains("Hồ sơ liên thông của gia đình", await level1.Locator("#dossiers").InnerTextAsync());
        await level1.ClickAsync("#dossiers a");
        await level1.ArriveAsync("**/me/dossiers");
        Assert.True(await level1.Locator("#family-dossiers").CountAsync() == 1);
        await CheckAsync(level1, "dossiers");
        await level1.GotoAsync("/me/consents");
        Assert.True(await level1.Locator("#level-needed").IsVisibleAsync());
        Assert.True(await level1.Locator("#give-submit").IsDisabledAsync());
        var refused = await level1.Context.APIRequest.PostAsync(_hub!.BaseAddress + "me/consents", new()
        {
            Form = Form(level1.Context.APIRequest, ("department", "so-y-te"), ("purpose", Purpose), ("fields", "Citizen.bloodType"), ("days", "30")),
            Headers = new Dictionary<string, string> { ["Origin"] = _hub.BaseAddress.ToString().TrimEnd('/') },
        });
        Assert.Equal(403, refused.Status);
        Assert.Contains("ELECTRONIC_ID_LEVEL_TOO_LOW", await refused.TextAsync());
        await level1.ClickAsync("#signout");
        await level1.ArriveAsync("**/me/signed-out");
        await level1.GotoAsync("/me/history");
        Assert.Contains("/issuer/authorize", level1.Url); // signed out: the portal asks the provider again

        // Level 2: give → the department reads → withdraw → CONSENT_REQUIRED.
        sequence.AppendLine($"before:   {await DepartmentReadsAsync(citizen)}");
        var level2 = await SignInAsync(citizen, level: 2, "/me/consents");
        await level2.SelectOptionAsync("#give-department", "so-y-te");
        await level2.SelectOptionAsync("#give-purpose", Purpose);
        await level2.CheckAsync("input[name=fields][value='Citizen.bloodType']");
        await level2.SelectOptionAsync("#give-days", "90");
        await level2.ClickAsync("#give-submit");
        await level2.ArriveAsync("**/me/consents?done=1");
        Assert.Equal(1, await level2.Locator("li.consent[data-state=live]").CountAsync());
        await level2.ScreenshotAsync(new() { Path = Artifacts.PathOf("portal-consents.png"), FullPage = true });
        await CheckAsync(level2, "consents");
        var given = await DepartmentReadsAsync(citizen);
        sequence.AppendLine($"given:    {given}");
        await level2.ClickAsync("li.consent[data-state=live] form.withdraw button");
        await level2.ArriveAsync("**/me/consents?done=1");
        Assert.Equal(1, await level2.Locator("li.consent[data-state=withdrawn]").CountAsync());
        var withdrawn = await DepartmentReadsAsync(citizen);
        sequence.AppendLine($"withdrawn: {withdrawn}");
        Assert.Contains("\"bloodType\":\"", given);
        Assert.Contains("CONSENT_REQUIRED", withdrawn);

        // Another citizen's consents are out of reach, whatever id goes in the URL.
        var response = await level2.GotoAsync($"/me/consents?for={AdultWithoutConsent(skip: 1)}");
        Assert.Equal(403, response!.Status);
        Assert.Contains("NOT_REPRESENTATIVE", await level2.Locator("#errors").InnerTextAsync());
        Assert.Equal(0, await level2.Locator("li.consent").CountAsync());

        // A department asks; the citizen approves on the phone; the department sees the outcome.
        var asked = await DepartmentAsync("""
            mutation($input: RequestConsentInput!) { requestConsent(input: $input) { id status } }
            """, new
        {
            input = new
            {
                personalId = citizen,
                fields = new[] { "Citizen.bloodType" },
                purpose = Purpose,
                reason = "Chuẩn bị truyền máu trước phẫu thuật",
                until = DateTime.UtcNow.AddDays(30).ToString("O"),
            },
        });
        var requestId = asked["data"]!["requestConsent"]!["id"]!.GetValue<int>();
        await level2.GotoAsync("/me/requests");
        Assert.Equal("pending", await level2.Locator($"#request-{requestId}").GetAttributeAsync("data-status"));
        await level2.ScreenshotAsync(new() { Path = Artifacts.PathOf("portal-request.png"), FullPage = true });
        await CheckAsync(level2, "requests");
        await level2.ClickAsync($"#request-{requestId} form.approve button");
        await level2.ArriveAsync("**/me/requests?done=1");
        Assert.Equal("approved", await level2.Locator($"#request-{requestId}").GetAttributeAsync("data-status"));
        var outcome = await DepartmentAsync("{ consentRequestsSent { id status } }", null);
        sequence.AppendLine($"request:  {outcome.ToJsonString(Readable)}");
        sequence.AppendLine($"approved: {await DepartmentReadsAsync(citizen)}");
        Assert.Contains("approved", outcome.ToJsonString());

        // A parent manages their minor's consent.
        var parentPage = await SignInAsync(parent, level: 2, $"/me/consents?for={minor}");
        Assert.True(await parentPage.Locator("#acting-for").IsVisibleAsync());
        await parentPage.SelectOptionAsync("#give-department", "so-y-te");
        await parentPage.SelectOptionAsync("#give-purpose", Purpose);
        await parentPage.CheckAsync("input[name=fields][value='Citizen.bloodType']");
        await parentPage.ClickAsync("#give-submit");
        await parentPage.ArriveAsync($"**/me/consents?done=1&for={minor}");
        Assert.Contains("Người đại diện", await parentPage.Locator("li.consent[data-state=live]").First.InnerTextAsync()); // newest first
        await CheckAsync(parentPage, "consents-for-minor");

        await File.WriteAllTextAsync(Artifacts.PathOf("portal-consent-sequence.txt"), sequence.ToString());
        await File.WriteAllLinesAsync(Artifacts.PathOf("portal-axe.txt"), _accessibility);
        output.WriteLine(sequence.ToString());
        _accessibility.ForEach(output.WriteLine);
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

    /// <summary>A phone (390×844, touch) signed in through the provider's page: personal ID and level, no password.</summary>
    private async Task<IPage> SignInAsync(string personalId, int level, string path = "/me")
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = _hub!.BaseAddress.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
            // axe-core is injected as a script; the pages' CSP allows none of their own.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        Assert.Contains("/issuer/authorize", page.Url);
        await CheckAsync(page, "provider-sign-in");
        await page.FillAsync("#personalId", personalId);
        await page.CheckAsync($"#level-{level}");
        await page.ClickAsync("#continue");
        await page.ArriveAsync(url => new Uri(url).AbsolutePath.StartsWith("/me", StringComparison.Ordinal) && !url.Contains("signin-oidc", StringComparison.Ordinal));
        Assert.Equal($"Mức định danh {level}", (await page.Locator("#level").InnerTextAsync()).Trim());
        return page;
    }

    /// <summary>axe-core on the page as it is: no violations (WCAG 2.1 A and AA rules), and a line for the report.</summary>
    private async Task CheckAsync(IPage page, string name)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        _accessibility.Add($"{name}: {result.Violations.Length} violations, {result.Passes.Length} rules passed ({result.TestEngine.Version})");
        Assert.True(result.Violations.Length == 0,
            $"{name}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")));
    }

    private async Task<string> DepartmentReadsAsync(string personalId) =>
        (await DepartmentAsync("query($id: String!) { citizen(personalId: $id) { personalId bloodType } }", new { id = personalId }))
            .ToJsonString(Readable).Replace(personalId, "<citizen>", StringComparison.Ordinal);

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<JsonNode> DepartmentAsync(string query, object? variables)
    {
        using var client = new HttpClient { BaseAddress = _hub!.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _department);
        request.Headers.Add("X-Purpose", Purpose);
        using var response = await client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        json.AsObject().Remove("extensions");
        return json;
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Append(name, value);
        }

        return form;
    }

    private string AdultWithoutConsent(int skip = 0)
    {
        var consented = Column("registry", "SELECT CitizenPersonalId FROM ConsentRecords").ToHashSet();
        return Column("population", "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL AND date_of_death IS NULL ORDER BY personal_id")
            .Where(id => !consented.Contains(id)).Skip(skip).First();
    }

    private (string Minor, string Father) MinorWithFather()
    {
        var row = Column("population", """
            SELECT c.personal_id || ',' || c.father_personal_id FROM citizens c JOIN citizens f ON f.personal_id = c.father_personal_id
            WHERE c.date_of_birth > '2012-01-01' AND c.blood_type IS NOT NULL AND f.date_of_death IS NULL ORDER BY c.personal_id LIMIT 1
            """)[0].Split(',');
        return (row[0], row[1]);
    }

    private List<string> Column(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, database + ".db")};Mode=ReadOnly;Pooling=False");
        return DirectSql.Column(connection, sql);
    }
}
