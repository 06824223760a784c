using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DataHub.BrowserTests;

/// <summary>
/// The two liên thông chains end to end, every part a real process over real HTTP: the hub, the civil registration and
/// health insurance services, the public-service app and the three department workers. A parent files in headless
/// Chromium; the test polls (bounded) the population source, the insurance service, the welfare source and the dossier.
/// </summary>
public sealed class LienThongChainBrowserTests : IClassFixture<DemoDataFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["so-tu-phap"] = "test-secret-so-tu-phap",
        ["cong-an"] = "test-secret-cong-an",
        ["bhxh"] = "test-secret-bhxh",
        ["so-ldtbxh"] = "test-secret-so-ldtbxh",
    };

    private readonly DemoDataFixture _data;
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, Process> _workers = [];
    private readonly List<Process> _processes = [];
    private HubProcess? _hub;
    private Uri _app = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LienThongChainBrowserTests(DemoDataFixture data, ITestOutputHelper output) => (_data, _output) = (data, output);

    public async Task InitializeAsync()
    {
        int civil = HubProcess.FreePort(), insurance = HubProcess.FreePort(), app = HubProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["DataHub__DemoDepartments__Enabled"] = "true", // the two department services, as child processes
            ["DataHub__DemoDepartments__Workers"] = "false", // the workers and the app: started here, so one can be killed
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{civil}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{insurance}/",
        };
        foreach (var (department, secret) in Secrets)
        {
            settings[$"Identity__LocalIssuer__ClientSecrets__{department}"] = secret;
        }

        // The public-service app signs the parent in at the hub's stand-in e-ID provider, registered there with its callback.
        settings["CitizenId__LocalClients__dvc-online"] = $"http://127.0.0.1:{app}/signin-oidc";
        _hub = await HubProcess.StartAsync(_data.DataDirectory, settings);
        _app = new Uri($"http://127.0.0.1:{app}");
        _processes.Add(Start("PublicService", "so-tu-phap",
            "--urls", _app.ToString().TrimEnd('/'), "--hub", _hub.BaseAddress.ToString(), "--civil-registry", $"http://127.0.0.1:{civil}"));
        StartWorker("cong-an");
        StartWorker("bhxh");
        StartWorker("so-ldtbxh");
        await EventuallyAsync(async () =>
        {
            using var http = new HttpClient();
            return (await http.GetAsync(new Uri(_app, "/health"))).IsSuccessStatusCode;
        }, "the public-service app answers");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless=new"],
        });
    }

    [Fact]
    public async Task A_birth_filed_online_gives_the_child_a_residence_a_card_and_a_complete_dossier()
    {
        var father = Parent();
        var page = await SignInAsync(father, "khai-sinh");
        Assert.Equal(father, await page.InputValueAsync("#fatherPersonalId")); // pre-filled from the hub
        Assert.NotEqual("", await page.InputValueAsync("#motherPersonalId"));
        await page.FillAsync("#childFullName", "Nguyễn Minh Khang");
        await page.FillAsync("#dateOfBirth", DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await FileAsync(page);
        var child = await page.InnerTextAsync("#subject");

        var household = _data.Column("population", $"SELECT household_id FROM citizens WHERE personal_id = '{father}'")[0];
        await EventuallyAsync(() => Task.FromResult(Population($"SELECT household_id FROM citizens WHERE personal_id = '{child}'") == household),
            "the child's permanent residence is in the father's household (population source)");
        await EventuallyAsync(() => Task.FromResult(Cards(child) == 1), "a CHILD_UNDER_6 card in the health-insurance service");
        var dossier = await DossierAsync(page);
        var card = await ReadAsync($"{{ citizen(personalId: \"{child}\") {{ insuranceCard {{ beneficiaryGroup }} household {{ id }} }} }}");
        Assert.Equal("CHILD_UNDER_6", card["data"]!["citizen"]!["insuranceCard"]!["beneficiaryGroup"]!.GetValue<string>());
        Assert.Equal(["BirthRegistered", "PermanentResidenceRegistered", "InsuranceCardIssued"], Kinds(dossier));
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("lien-thong-birth-dossier.png"), FullPage = true });
        _output.WriteLine("birth dossier: " + dossier.ToJsonString());
    }

    [Fact]
    public async Task A_death_filed_online_removes_the_residence_and_opens_a_funeral_case_for_the_next_of_kin()
    {
        var (deceased, spouse) = Couple();
        var page = await SignInAsync(spouse, "khai-tu");
        await page.SelectOptionAsync("#personalId", deceased);
        await page.FillAsync("#dateOfDeath", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await FileAsync(page);

        await EventuallyAsync(() => Task.FromResult(Population($"SELECT date_of_death IS NOT NULL AND household_id IS NULL FROM citizens WHERE personal_id = '{deceased}'") == "1"),
            "the death recorded and the residence removed (population source)");
        await EventuallyAsync(() => Task.FromResult(FuneralCases(deceased, spouse) == 1), "a funeral allowance case for the spouse (social-welfare source)");
        var dossier = await DossierAsync(page);
        Assert.Equal(["DeathRegistered", "PermanentResidenceRemoved", "FuneralAllowanceOpened"], Kinds(dossier));
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("lien-thong-death-dossier.png"), FullPage = true });
        _output.WriteLine("death dossier: " + dossier.ToJsonString());
    }

    [Fact]
    public async Task A_worker_killed_mid_chain_resumes_where_it_stopped_and_a_second_delivery_issues_no_second_card()
    {
        Kill("bhxh");
        var page = await SignInAsync(Parent(skip: 1), "khai-sinh");
        await page.FillAsync("#childFullName", "Lê Gia Hân");
        await page.FillAsync("#dateOfBirth", DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#sex", "FEMALE");
        await FileAsync(page);
        var child = await page.InnerTextAsync("#subject");
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await EventuallyAsync(async () => Steps(await StewardDossierAsync(id)) == "DONE DONE WAITING", "the police took its step while bhxh is down");
        Assert.Equal(0, Cards(child));

        StartWorker("bhxh");
        await EventuallyAsync(async () => Steps(await StewardDossierAsync(id)) == "DONE DONE DONE", "bhxh resumes and the chain completes");

        // Deliver everything again: the worker forgets its cursor and reads the whole history once more.
        Kill("bhxh");
        var cursor = Insurance("SELECT cursor FROM lien_thong_cursor");
        using (var db = new SqliteConnection($"Data Source={HealthInsuranceDb};Pooling=False"))
        {
            db.Open();
            using var forget = db.CreateCommand();
            forget.CommandText = "DELETE FROM lien_thong_cursor";
            forget.ExecuteNonQuery();
        }

        StartWorker("bhxh");
        await EventuallyAsync(() => Task.FromResult(Insurance("SELECT cursor FROM lien_thong_cursor") == cursor), "bhxh read the whole history again");
        Assert.Equal(1, Cards(child));
        var events = await ReadAsync("{ lifeEvents(first: 100, kinds: [\"InsuranceCardIssued\"]) { nodes { personalId } } }");
        Assert.Single(events["data"]!["lifeEvents"]!["nodes"]!.AsArray(), n => n!["personalId"]!.GetValue<string>() == child);
        _output.WriteLine($"kill and restart: dossier {id} completed; cards for {child}: {Cards(child)}; InsuranceCardIssued events for the child: 1; history delivered again up to cursor {cursor}");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var process in _processes.Concat(_workers.Values))
        {
            Stop(process);
        }

        _hub?.Dispose();
    }

    private string HealthInsuranceDb => Path.Combine(_data.DataDirectory, "departments", "health-insurance.db");

    private async Task<IPage> SignInAsync(string personalId, string procedure)
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = _app.ToString() });
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#next", procedure);
        await page.ClickAsync("#signin");

        // The citizen e-ID provider's sign-in page (the hub's stand-in): the parent, at level 2; then back to the form.
        await page.ArriveAsync("**/issuer/authorize**");
        await page.FillAsync("#personalId", personalId);
        await page.CheckAsync("#level-2");
        await page.ClickAsync("#continue");
        await page.ArriveAsync("**/" + procedure);
        return page;
    }

    /// <summary>Submits the form: the dossier page, or the test fails with what the app said.</summary>
    private static async Task FileAsync(IPage page)
    {
        await page.ClickAsync("#file");
        await page.WaitForSelectorAsync("#subject, #error, p.error");
        if (await page.QuerySelectorAsync("#subject") is null)
        {
            Assert.Fail("The app refused the filing: " + await page.InnerTextAsync("main"));
        }
    }

    /// <summary>The dossier page refreshes itself until every step is done; then the hub's record of it, as a steward reads it.</summary>
    private async Task<JsonNode> DossierAsync(IPage page)
    {
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await EventuallyAsync(async () => Steps(await StewardDossierAsync(id)) == "DONE DONE DONE", "the dossier is complete");
        await page.Locator("#state.DONE").WaitForAsync(); // the page refreshes itself every 2 s while waiting
        Assert.Equal("Đã xong", await page.Locator("#state").InnerTextAsync());
        return await StewardDossierAsync(id);
    }

    private async Task<JsonNode> StewardDossierAsync(string id) =>
        (await ReadAsync($"{{ dossier(id: \"{id}\") {{ id chain state filedAt lastStepAt durationSeconds steps {{ kind department state at secondsFromFiling registrationNumber }} }} }}"))["data"]!["dossier"]!;

    private static string Steps(JsonNode dossier) => string.Join(" ", dossier["steps"]!.AsArray().Select(s => s!["state"]!.GetValue<string>()));

    private static List<string> Kinds(JsonNode dossier) => dossier["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ToList();

    private async Task<JsonNode> ReadAsync(string query)
    {
        var issuer = new LocalIssuer(new LocalIssuerOptions(), _data.DataDirectory, TimeProvider.System);
        using var client = new HttpClient { BaseAddress = _hub!.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.ForSteward("steward-lien-thong"));
        using var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A married father, alive, in a household, whose wife is alive: the parent who files.</summary>
    private string Parent(int skip = 0) => _data.Column("population",
        "SELECT c.personal_id FROM citizens c JOIN citizens w ON w.personal_id = c.spouse_personal_id WHERE c.sex = 'MALE' AND c.date_of_death IS NULL " +
        "AND w.date_of_death IS NULL AND c.household_id IS NOT NULL AND c.date_of_birth > '1985-01-01' ORDER BY c.personal_id LIMIT 1 OFFSET " + skip)[0];

    /// <summary>An elderly citizen, alive, whose spouse is alive: the spouse declares the death.</summary>
    private (string Deceased, string Spouse) Couple()
    {
        var row = _data.Column("population",
            "SELECT c.personal_id || ',' || c.spouse_personal_id FROM citizens c JOIN citizens s ON s.personal_id = c.spouse_personal_id " +
            "WHERE c.date_of_death IS NULL AND s.date_of_death IS NULL AND c.date_of_birth < '1950-01-01' AND c.household_id IS NOT NULL " +
            "AND NOT EXISTS (SELECT 1 FROM citizens f WHERE f.personal_id IN (s.father_personal_id, s.mother_personal_id) AND f.date_of_death IS NULL) " +
            "ORDER BY c.personal_id LIMIT 1")[0].Split(',');
        return (row[0], row[1]);
    }

    private string Population(string sql) => Query(Path.Combine(_data.DataDirectory, "population.db"), sql);

    private string Insurance(string sql) => Query(HealthInsuranceDb, sql);

    private int Cards(string holder) => int.Parse(Insurance($"SELECT count(*) FROM insurance_cards WHERE holder_personal_id = '{holder}'"), System.Globalization.CultureInfo.InvariantCulture);

    private int FuneralCases(string deceased, string beneficiary) => int.Parse(Query(Path.Combine(_data.DataDirectory, "social-welfare.db"),
        $"SELECT count(*) FROM benefit_cases WHERE benefit_type = 'FUNERAL_ALLOWANCE' AND deceased_personal_id = '{deceased}' AND beneficiary_personal_id = '{beneficiary}'"),
        System.Globalization.CultureInfo.InvariantCulture);

    private static string Query(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() switch { null or DBNull => "", var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! };
    }

    private void StartWorker(string department)
    {
        var (project, database) = department switch
        {
            "cong-an" => ("Police", Path.Combine(_data.DataDirectory, "population.db")),
            "bhxh" => ("InsuranceWorker", HealthInsuranceDb),
            _ => ("WelfareWorker", Path.Combine(_data.DataDirectory, "social-welfare.db")),
        };
        _workers[department] = Start(project, department, "--hub", _hub!.BaseAddress.ToString(), "--database", database, "--poll-ms", "200");
    }

    private void Kill(string department)
    {
        Stop(_workers[department]);
        _workers.Remove(department);
    }

    private Process Start(string project, string department, params string[] args)
    {
        var dll = Path.Combine(RepositoryRoot, "src", "Departments", project, "bin", Configuration, "net10.0", $"DataHub.Departments.{project}.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. args, "--exit-with", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DATAHUB_CLIENT_SECRET"] = Secrets[department] },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(project, e.Data);
        process.ErrorDataReceived += (_, e) => Log(project, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string project, string? line)
    {
        if (line is not null)
        {
            try
            {
                _output.WriteLine($"[{project}] {line}");
            }
            catch (InvalidOperationException)
            {
                // the test has ended
            }
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, as a crash
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SqliteException or NullReferenceException)
            {
                // not there yet
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Not within {Bound.TotalSeconds} s: {what}.");
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepositoryRoot => Path.GetDirectoryName(DataHub.Tests.Composition.SchemaFolder.RepositorySchemaDirectory)!;
}
