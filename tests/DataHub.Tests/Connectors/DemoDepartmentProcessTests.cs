using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Connectors;

/// <summary>
/// The demo out of the product: the hub's assembly does not reference the department services, and a hub with
/// <c>DataHub:DemoDepartments:Enabled</c> (Development) starts them as child processes, reached over HTTP, that end
/// when the hub's process ends — even when it is killed.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class DemoDepartmentProcessTests(DemoDataFixture data)
{
    [Fact]
    public void The_hub_assembly_references_no_department_service()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("DataHub.Departments", StringComparison.Ordinal));
        Assert.Contains("DataHub.Connectors", references); // what it does reference is listed
    }

    [Fact]
    public async Task A_hub_starts_the_demo_departments_as_child_processes_that_end_with_it()
    {
        int civilPort = HubProcess.FreePort(), healthPort = HubProcess.FreePort();
        var hub = await HubProcess.StartAsync(data.DataDirectory, new Dictionary<string, string>
        {
            ["DataHub__DemoDepartments__Enabled"] = "true",
            ["Sources__civil-registration__Url"] = $"http://127.0.0.1:{civilPort}/graphql",
            ["Sources__health-insurance__Url"] = $"http://127.0.0.1:{healthPort}/",
        });
        try
        {
            var token = (await HubProcess.RunCommandAsync(data.DataDirectory, new Dictionary<string, string>(), "token", "--steward")).Output
                .Trim().Split('\n')[^1].Trim();
            var child = data.Column("population", "SELECT personal_id FROM citizens ORDER BY date_of_birth DESC LIMIT 1")[0];

            var answer = await QueryAsync(hub, token,
                $"{{ citizen(personalId: \"{child}\") {{ birthRegistration {{ registrationNumber }} insuranceCard {{ cardNumber }} }} }}");

            Assert.Null(answer["errors"]);
            Assert.False(string.IsNullOrEmpty(answer["data"]!["citizen"]!["birthRegistration"]!["registrationNumber"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(answer["data"]!["citizen"]!["insuranceCard"]!["cardNumber"]!.GetValue<string>()));
        }
        finally
        {
            hub.KillHubOnly(); // no shutdown hook runs: the children notice their parent is gone (--exit-with)
            hub.Dispose();
        }

        Assert.True(await StopsListeningAsync(civilPort), "civil registration still listens after the hub was killed");
        Assert.True(await StopsListeningAsync(healthPort), "health insurance still listens after the hub was killed");
    }

    private static async Task<JsonNode> QueryAsync(HubProcess hub, string token, string query)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Polls (at most 20 s) until nothing accepts connections on the port.</summary>
    private static async Task<bool> StopsListeningAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
