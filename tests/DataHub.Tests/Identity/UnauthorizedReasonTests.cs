using System.Text;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Identity;

/// <summary>
/// A 401 says why — no token, expired, another audience or issuer, a signature that does not verify, not a JWT — in the
/// <c>WWW-Authenticate</c> header (RFC 6750's error and error_description) and beside the body's UNAUTHENTICATED code,
/// and never repeats what the token carried.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class UnauthorizedReasonTests(DemoDataFixture data) : IDisposable
{
    private const string ForeignAudience = "api://another-api";
    private const string ForeignIssuer = "https://evil.example/issuer";

    private readonly HubFactory _hub = new(data.DataDirectory);

    private LocalIssuer Issuer => _hub.Services.GetRequiredService<LocalIssuer>();

    public static TheoryData<string, string?, string> Cases => new()
    {
        { "no token", null, "No bearer token was sent" },
        { "basic", null, "not a bearer token" },
        { "expired", BearerRefusal.InvalidToken, "has expired" },
        { "another audience", BearerRefusal.InvalidToken, "another audience" },
        { "another issuer", BearerRefusal.InvalidToken, "issuer this hub does not trust" },
        { "bad signature", BearerRefusal.InvalidToken, "signature does not verify" },
        { "alg none", BearerRefusal.InvalidToken, "signature does not verify" },
        { "not a jwt", BearerRefusal.InvalidToken, "not a well-formed JWT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_401_says_why_in_www_authenticate_and_the_body(string kind, string? error, string reason)
    {
        var authorization = await AuthorizationFor(kind);

        var (status, challenge, body) = await Send(authorization);

        Assert.Equal(401, status);
        Assert.StartsWith("Bearer ", challenge, StringComparison.Ordinal);
        Assert.Equal(error is not null, challenge.Contains($"error=\"{error}\"", StringComparison.Ordinal));
        Assert.Contains($"error_description=\"", challenge, StringComparison.Ordinal);
        Assert.Contains(reason, challenge, StringComparison.Ordinal);
        Assert.Equal("UNAUTHENTICATED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains(reason, body["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var carried in new[] { ForeignAudience, ForeignIssuer, "evil.example", "IDX" })
        {
            Assert.DoesNotContain(carried, challenge, StringComparison.Ordinal);
            Assert.DoesNotContain(carried, body.ToJsonString(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _hub.Dispose();

    private async Task<string?> AuthorizationFor(string kind)
    {
        string appId;
        await using (var db = _hub.Registry())
        {
            appId = (await db.Departments.SingleAsync(d => d.Code == "so-y-te")).EntraApplicationId!;
        }

        var claims = TokenForge.DepartmentClaims(appId);
        var now = DateTime.UtcNow;
        return kind switch
        {
            "no token" => null,
            "basic" => "Basic dXNlcjpwYXNz",
            "expired" => "Bearer " + TokenForge.Create(Issuer.Key, Issuer.Issuer, Issuer.Audience, claims, now.AddHours(-3), now.AddHours(-2)),
            "another audience" => "Bearer " + TokenForge.Create(Issuer.Key, Issuer.Issuer, ForeignAudience, claims),
            "another issuer" => "Bearer " + TokenForge.Create(Issuer.Key, ForeignIssuer, Issuer.Audience, claims),
            "bad signature" => "Bearer " + TokenForge.Create(TokenForge.OtherKey(), Issuer.Issuer, Issuer.Audience, claims),
            "alg none" => "Bearer " + TokenForge.Unsigned(Issuer.Issuer, Issuer.Audience, appId),
            _ => "Bearer not.a.token",
        };
    }

    private async Task<(int Status, string Challenge, JsonNode Body)> Send(string? authorization)
    {
        using var client = _hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ citizens(first: 1) { nodes { fullName } } }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Purpose", "medical-treatment");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Headers.WwwAuthenticate.ToString(), JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
