using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataHub.Departments.LienThong;

/// <summary>
/// A department app's client of the hub: a token by client credentials at <c>POST /connect/token</c> (kept until a minute
/// before it expires), then GraphQL over HTTP with the department's purpose in <c>X-Purpose</c>. Results are typed.
/// </summary>
public sealed class HubClient(HttpClient http, Uri hub, string clientId, string clientSecret, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>Runs a document with variables for a purpose; the answer's data and errors, typed.</summary>
    public async Task<GraphQLResponse<T>> ExecuteAsync<T>(string document, object? variables, string purpose, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub, "/graphql"))
        {
            Content = JsonContent.Create(new { query = document, variables }, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
        request.Headers.Add("X-Purpose", purpose);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            _token = null; // expired or the hub's key changed: the next call takes a new token
        }

        return await response.Content.ReadFromJsonAsync<GraphQLResponse<T>>(Json, ct)
            ?? throw new HttpRequestException($"The hub answered {(int)response.StatusCode} with no body.");
    }

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_token is null || clock.GetUtcNow() >= _renewAt)
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                });
                using var response = await http.PostAsync(new Uri(hub, "/connect/token"), form, ct);
                response.EnsureSuccessStatusCode();
                var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json, ct)
                    ?? throw new HttpRequestException("The token endpoint answered no token.");
                _token = token.AccessToken;
                _renewAt = clock.GetUtcNow().AddSeconds(Math.Max(0, token.ExpiresIn - 60));
            }

            return _token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
}
