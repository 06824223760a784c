using System.Net.Http.Headers;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Citizens;

/// <summary>A citizen's notifications over Server-Sent Events: "my data was read" and "a department asks for consent".</summary>
[Collection(HubCollection.Name)]
public sealed class CitizenNotificationsTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public async Task A_citizen_hears_that_a_department_read_their_data_and_then_asks_for_consent()
    {
        var me = data.Column("population", "SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL ORDER BY personal_id LIMIT 1")[0];
        var department = _hub.DepartmentToken("so-y-te");
        using var client = _hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me/notifications");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _hub.Services.GetRequiredService<LocalIssuer>().ForCitizen(me, level: 1));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound, not a timing assertion
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(bound.Token));
        Assert.Equal(": DataHub notifications", await stream.ReadLineAsync(bound.Token));

        await _hub.PostAsync("query($id: String!) { citizen(personalId: $id) { fullName } }", new { id = me }, token: department, purpose: "medical-treatment");
        var read = await NextEventAsync(stream, bound.Token);
        await _hub.PostAsync("mutation($input: RequestConsentInput!) { requestConsent(input: $input) { id } }", new
        {
            input = new { personalId = me, fields = new[] { "Citizen.email" }, purpose = "medical-treatment", reason = "Gửi kết quả xét nghiệm", until = DateTime.UtcNow.AddDays(7).ToString("O") },
        }, token: department);
        var asked = await NextEventAsync(stream, bound.Token, "consent-request"); // the request itself is also recorded about me (a "read")

        Assert.Equal("read", read.Kind);
        Assert.Contains("\"department\":\"so-y-te\"", read.Data);
        Assert.Contains("medical-treatment", read.Data);
        Assert.Equal("consent-request", asked.Kind);
        Assert.Contains("Citizen.email", asked.Data);
    }

    public void Dispose() => _hub.Dispose();

    private static async Task<(string Kind, string Data)> NextEventAsync(StreamReader stream, CancellationToken cancellationToken, string? only = null)
    {
        string? kind = null;
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null && (only is null || kind == only))
            {
                return (kind, line["data: ".Length..]);
            }
        }

        throw new EndOfStreamException("The notification stream ended.");
    }
}
