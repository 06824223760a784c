using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DataHub.Hub.Hosting;
using DataHub.SyntheticData;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DataHub.Tests.LienThong;

/// <summary>
/// A liên thông worker does not retry a poison event forever: Social Security's real worker process meets an event whose
/// card number is already taken in its database (a constraint no retry can satisfy), tries it the configured number of
/// times, parks it (id, kind, attempts, error code — no personal data), moves its cursor, and still issues the card of
/// the next child. Every part is a real process over real HTTP: the hub, the two department services, the worker.
/// </summary>
public sealed class PoisonEventTests(ITestOutputHelper output) : IDisposable
{
    private const string Secret = "test-secret-bhxh";
    private const int Attempts = 2;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "datahub-poison-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_poison_event_is_parked_after_its_attempts_and_the_next_event_is_still_handled()
    {
        // Arrange: a data folder of its own, in which two children under 6 have no card yet.
        var seed = new SeedOptions(500);
        DemoDataSeeder.Seed(_data, seed);
        var departments = Path.Combine(_data, "departments");
        DepartmentDataSeeder.SeedHealthInsurance(departments, seed);
        var (poison, good) = UninsureTwoChildren(Path.Combine(_data, DemoDataSeeder.PopulationFile), Path.Combine(departments, DepartmentDataSeeder.HealthInsuranceFile));
        var workerDb = Path.Combine(_data, "bhxh-worker.db");
        CreateWorkerDatabase(Path.Combine(departments, DepartmentDataSeeder.HealthInsuranceFile), workerDb, takenCardNumber: "TE1279" + poison[3..]);

        int civil = HubProcess.FreePort(), insurance = HubProcess.FreePort();
        using var hub = await HubProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["DataHub__DemoDepartments__Enabled"] = "true",
            ["DataHub__DemoDepartments__Workers"] = "false",
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{civil}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{insurance}/",
            ["Identity__LocalIssuer__ClientSecrets__cong-an"] = "test-secret-cong-an",
            ["Identity__LocalIssuer__ClientSecrets__bhxh"] = Secret,
        });
        var poisonEvent = await PublishResidenceAsync(hub, poison);
        var goodEvent = await PublishResidenceAsync(hub, good);

        // Act: the worker, as the hub starts it, with a small attempt bound and backoff.
        using var worker = new WorkerProcess(DemoWorkers.AssemblyOf("bhxh")!, Secret,
            "--hub", hub.BaseAddress.ToString(), "--database", workerDb, "--poll-ms", "100",
            "--max-attempts", Attempts.ToString(CultureInfo.InvariantCulture), "--retry-ms", "50",
            "--exit-with", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var handled = await EventuallyAsync(() => Scalar(workerDb, $"SELECT count(*) FROM insurance_cards WHERE holder_personal_id = '{good}'") == "1"
            && Scalar(workerDb, "SELECT count(*) FROM lien_thong_parked") == "1"
            && Scalar(workerDb, "SELECT cursor FROM lien_thong_cursor") == goodEvent.Cursor); // the cursor moves last, after the answer is published
        output.WriteLine(worker.Output);

        // Assert: the good child's card and answer; the poison event parked with its code and nothing personal.
        Assert.True(handled, "the worker did not park the poison event, issue the next child's card and move its cursor past both in time:\n" + worker.Output);
        Assert.Equal($"{poisonEvent.Id}|PermanentResidenceRegistered|{Attempts}|SQLITE_19|bhxh/child-card",
            Scalar(workerDb, "SELECT event_id || '|' || kind || '|' || attempts || '|' || error_code || '|' || worker FROM lien_thong_parked"));
        Assert.DoesNotContain(poison, Scalar(workerDb, "SELECT group_concat(event_id || kind || attempts || error_code || parked_at || worker) FROM lien_thong_parked"),
            StringComparison.Ordinal);
        Assert.Equal("0", Scalar(workerDb, $"SELECT count(*) FROM lien_thong_inbox WHERE event_id = '{poisonEvent.Id}'")); // rolled back, nothing half-written
        Assert.Equal("InsuranceCardIssued", Scalar(workerDb, $"SELECT answer_kind FROM lien_thong_inbox WHERE event_id = '{goodEvent.Id}'"));
        Assert.Contains($"PermanentResidenceRegistered {poisonEvent.Id} parked after {Attempts} failed attempts (SQLITE_19)", worker.Output, StringComparison.Ordinal);
        Assert.Contains($"PermanentResidenceRegistered {goodEvent.Id} answered with InsuranceCardIssued", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(poison, worker.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Two children under 6, alive, whose cards are removed from the health-insurance service's database.</summary>
    private static (string Poison, string Good) UninsureTwoChildren(string population, string healthInsurance)
    {
        var born = DateTime.UtcNow.AddYears(-6).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var children = Column(population,
            $"SELECT personal_id FROM citizens WHERE date_of_birth > '{born}' AND date_of_death IS NULL ORDER BY personal_id LIMIT 2");
        Assert.Equal(2, children.Count);
        using var db = new SqliteConnection($"Data Source={healthInsurance};Pooling=False");
        db.Open();
        using var delete = db.CreateCommand();
        delete.CommandText = $"DELETE FROM insurance_cards WHERE holder_personal_id IN ('{children[0]}', '{children[1]}')";
        delete.ExecuteNonQuery();
        return (children[0], children[1]);
    }

    /// <summary>The worker's own database: the service's card table (empty), with the poison child's card number already taken.</summary>
    private static void CreateWorkerDatabase(string healthInsurance, string workerDb, string takenCardNumber)
    {
        var schema = Scalar(healthInsurance, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'insurance_cards'");
        using var db = new SqliteConnection($"Data Source={workerDb};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
#pragma warning disable CA2100 // the seed's own DDL and constant test SQL
        command.CommandText = schema + ";" +
            "INSERT INTO insurance_cards (card_number, holder_personal_id, beneficiary_group, benefit_level, state_funded, valid_from, hospital_code, hospital_name) " +
            $"VALUES ('{takenCardNumber}', '027999999999', 'TE', 1, 1, '2020-01-01', '27003', 'Bệnh viện Sản - Nhi Bắc Ninh')";
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static async Task<(string Id, string Cursor)> PublishResidenceAsync(HubProcess hub, string child)
    {
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "cong-an",
            ["client_secret"] = "test-secret-cong-an",
        });
        using var tokenResponse = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), form);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonNode>())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(new JsonObject
            {
                ["query"] = "mutation($input: PublishLifeEventInput!) { publishLifeEvent(input: $input) { id cursor } }",
                ["variables"] = new JsonObject { ["input"] = new JsonObject { ["kind"] = "PermanentResidenceRegistered", ["personalId"] = child } },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Purpose", "residence-registration");
        using var response = await http.SendAsync(request);
        var published = (await response.Content.ReadFromJsonAsync<JsonNode>())!["data"]!["publishLifeEvent"]!;
        return (published["id"]!.GetValue<string>(), published["cursor"]!.GetValue<string>());
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < Bound)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return condition();
    }

    private static string Scalar(string file, string sql) => Column(file, sql).FirstOrDefault() ?? "";

    private static List<string> Column(string file, string sql)
    {
        using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
#pragma warning disable CA2100 // constant test SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
