using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DataHub.Hub.Identity;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Identity;

/// <summary>Every request is a known department, steward or citizen; every other request is refused and reads nothing.</summary>
[Collection(HubCollection.Name)]
public sealed class IdentityTests(DemoDataFixture data) : IDisposable
{
    private const string Query = "{ citizens(first: 1) { nodes { fullName } } }";
    private readonly HubFactory _hub = new(data.DataDirectory);

    private LocalIssuer Issuer => _hub.Services.GetRequiredService<LocalIssuer>();

    [Fact]
    public async Task A_request_without_a_token_gets_401_with_www_authenticate_and_reads_nothing()
    {
        var (status, response, body) = await Send(authorization: null);

        Assert.Equal(401, status);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("UNAUTHENTICATED", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer not.a.token")]
    [InlineData("Token abc")]
    public async Task A_missing_or_malformed_authorization_header_gets_401(string header)
    {
        var (status, response, body) = await Send(header);

        Assert.Equal(401, status);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("UNAUTHENTICATED", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
        Assert.Empty(_hub.SqlLog.Drain());
    }

    public static TheoryData<string> RefusedTokens => ["bad signature", "another issuer", "another audience", "expired", "not yet valid", "alg none"];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_does_not_validate_gets_401_invalid_token(string kind)
    {
        var appId = await ApplicationIdOf("so-y-te");
        var claims = TokenForge.DepartmentClaims(appId);
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "bad signature" => TokenForge.Create(TokenForge.OtherKey(), Issuer.Issuer, Issuer.Audience, claims),
            "another issuer" => TokenForge.Create(Issuer.Key, "https://evil.example/issuer", Issuer.Audience, claims),
            "another audience" => TokenForge.Create(Issuer.Key, Issuer.Issuer, "api://another-api", claims),
            "expired" => TokenForge.Create(Issuer.Key, Issuer.Issuer, Issuer.Audience, claims, now.AddHours(-3), now.AddHours(-2)),
            "not yet valid" => TokenForge.Create(Issuer.Key, Issuer.Issuer, Issuer.Audience, claims, now.AddHours(2), now.AddHours(3)),
            _ => TokenForge.Unsigned(Issuer.Issuer, Issuer.Audience, appId),
        };

        var (status, response, body) = await Send("Bearer " + token);

        Assert.Equal(401, status);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("refused", body?["errors"]?[0]?["message"]?.GetValue<string>());
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_token_of_an_application_that_is_no_department_gets_403_unknown_department()
    {
        var token = TokenForge.Create(Issuer.Key, Issuer.Issuer, Issuer.Audience, TokenForge.DepartmentClaims(Guid.NewGuid().ToString()));

        var (status, _, body) = await Send("Bearer " + token);

        Assert.Equal(403, status);
        Assert.Equal("UNKNOWN_DEPARTMENT", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task An_inactive_department_gets_403()
    {
        var token = _hub.DepartmentToken("so-ldtbxh");
        using (var db = _hub.Registry())
        {
            await db.Departments.Where(d => d.Code == "so-ldtbxh").ExecuteUpdateAsync(u => u.SetProperty(d => d.IsActive, false));
        }

        _hub.Access.Invalidate(); // as the admin API does after every registry change

        var (status, _, body) = await Send("Bearer " + token);

        Assert.Equal(403, status);
        Assert.Equal("DEPARTMENT_INACTIVE", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
        Assert.Empty(_hub.SqlLog.Drain());
    }

    [Fact]
    public async Task A_token_without_a_datahub_role_gets_403()
    {
        var token = TokenForge.Create(Issuer.Key, Issuer.Issuer, Issuer.Audience, new Dictionary<string, object> { ["sub"] = "someone" });

        var (status, _, body) = await Send("Bearer " + token);

        Assert.Equal(403, status);
        Assert.Equal("NO_ROLE", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_steward_route_called_with_a_department_token_gets_403()
    {
        using var client = _hub.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _hub.DepartmentToken("so-y-te"));

        using var response = await client.GetAsync("/admin/departments");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("STEWARD_ONLY", body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_steward_token_reads_the_department_registry()
    {
        using var client = _hub.StewardClient();

        var departments = JsonNode.Parse(await client.GetStringAsync("/admin/departments"))!.AsArray();

        Assert.Equal(["bhxh", "cong-an", "ioc", "so-ldtbxh", "so-tnmt", "so-tu-phap", "so-y-te"], departments.Select(d => d!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_valid_department_token_with_a_purpose_reads_data()
    {
        var response = await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Errors);
        Assert.Single(response.Data!["citizens"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_hub_accepts()
    {
        var hubDll = Path.Combine(AppContext.BaseDirectory, "DataHub.Hub.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", hubDll, "token", "--department", "bhxh", "--minutes", "5"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(hubDll)!,
            Environment =
            {
                ["DataHub__DataDirectory"] = data.DataDirectory,
                ["DataHub__SchemaDirectory"] = Composition.SchemaFolder.RepositorySchemaDirectory,
                ["DataHub__WriteCompositeSchema"] = "false",
                ["DataHub__SeedDemoDataOnStart"] = "false",
                ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, "registry-token-command.db")}",
                ["Identity__LocalIssuer__AllowInProduction"] = "true", // no environment set: Production, as a deployed hub
            },
        };

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        var token = output.Trim().Split('\n')[^1];

        var response = await _hub.PostAsync(Query, token: token, purpose: "health-insurance-enrolment");

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void Local_tokens_expire_after_the_configured_lifetime()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Issuer.ForSteward("x", TimeSpan.FromMinutes(15)));

        Assert.InRange(token.ValidTo - token.ValidFrom, TimeSpan.FromMinutes(14.9), TimeSpan.FromMinutes(15.1));
        Assert.Equal("RS256", token.Alg);
    }

    public void Dispose() => _hub.Dispose();

    private async Task<string> ApplicationIdOf(string department)
    {
        await using var db = _hub.Registry();
        return (await db.Departments.SingleAsync(d => d.Code == department)).EntraApplicationId!;
    }

    private async Task<(int Status, HttpResponseMessage Response, JsonNode? Body)> Send(string? authorization)
    {
        _hub.SqlLog.Drain();
        using var client = _hub.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent($"{{\"query\":\"{Query}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Purpose", "medical-treatment");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
