using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Tests.Events;

/// <summary>
/// A minimal reader of GraphQL over Server-Sent Events for the in-process tests (the reference clients run in
/// <see cref="ReferenceClientTests"/>): POSTs a subscription and collects its events, bounded in count and time.
/// </summary>
public static class EventStreamClient
{
    public sealed record StreamEvent(string Name, string? Id, JsonNode? Data);

    public static async Task<List<StreamEvent>> ReadAsync(
        HttpClient client, string token, string? purpose, string query, object? variables, int count, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (purpose is not null)
        {
            request.Headers.Add("X-Purpose", purpose);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(bound.Token));
        var events = new List<StreamEvent>();
        string? name = null, id = null;
        var data = new StringBuilder();
        while (events.Count < count && await reader.ReadLineAsync(bound.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    events.Add(new StreamEvent(name, id, data.Length > 0 ? JsonNode.Parse(data.ToString()) : null));
                    if (name == "complete")
                    {
                        break;
                    }
                }

                (name, id) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        return events;
    }
}
