using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataHub.Tests.Audit;

/// <summary>The hub as a real process: killed mid-load, and its log output read for personal data.</summary>
[Collection(HubCollection.Name)]
public sealed class AuditCrashTests(DemoDataFixture data)
{
    [Fact]
    public async Task After_sigkill_under_load_every_answered_request_has_its_audit_entry_and_the_log_holds_no_personal_id()
    {
        var auditFile = Path.Combine(data.DataDirectory, $"audit-crash-{Guid.NewGuid():N}.db");
        var registryFile = Path.Combine(data.DataDirectory, $"registry-crash-{Guid.NewGuid():N}.db");
        using var hub = await HubProcess.StartAsync(data.DataDirectory, new Dictionary<string, string>
        {
            ["ConnectionStrings__Audit"] = $"Data Source={auditFile}",
            ["ConnectionStrings__Registry"] = $"Data Source={registryFile}",
            ["Logging__LogLevel__Default"] = "Information",
        });
        var token = new LocalIssuer(new LocalIssuerOptions(), data.DataDirectory, TimeProvider.System)
            .ForDepartment("6f1c2a10-0000-4000-8000-000000000006", "so-y-te");
        var ids = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 400");
        var answered = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();

        async Task Worker(int worker)
        {
            using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            client.DefaultRequestHeaders.Add("X-Purpose", "medical-treatment");
            for (var i = worker; i < ids.Count && !stop.IsCancellationRequested; i += 4)
            {
                var body = JsonSerializer.Serialize(new { query = "query($id: ID!) { citizen(personalId: $id) { personalId fullName } }", variables = new { id = ids[i] } });
                try
                {
                    using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"), stop.Token);
                    var text = await response.Content.ReadAsStringAsync(stop.Token);
                    if (response.IsSuccessStatusCode && text.Contains(ids[i], StringComparison.Ordinal))
                    {
                        answered[response.Headers.GetValues("X-Request-Id").Single()] = ids[i];
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    return; // the hub is gone
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(Worker));
        while (answered.Count < 150 && !load.IsCompleted)
        {
            await Task.Delay(20);
        }

        hub.Kill();
        await stop.CancelAsync();
        await load;
        var output = hub.Output;

        var recorded = RequestIdsIn(auditFile);
        Assert.True(answered.Count >= 150, $"only {answered.Count} answers before the kill");
        var unrecorded = answered.Keys.Where(id => !recorded.Contains(id)).ToList();
        var logged = answered.Values.Where(id => output.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.True(unrecorded.Count == 0, $"{unrecorded.Count} answered requests have no audit entry");
        Assert.True(logged.Count == 0, $"{logged.Count} personal IDs appear in the hub's log output");
        Assert.Contains("Now listening", output);
    }

    private static HashSet<string> RequestIdsIn(string auditFile)
    {
        using var connection = new SqliteConnection($"Data Source={auditFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT RequestId FROM Entries";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
