using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataHub.Tests.Http;

/// <summary>The hub behind a TLS proxy, the console's security headers, HSTS, and the local issuer kept out of Production.</summary>
[Collection(HubCollection.Name)]
public sealed partial class WebHardeningTests(DemoDataFixture data) : IDisposable
{
    private readonly List<HubFactory> _hubs = [];

    [Fact]
    public async Task Behind_a_tls_proxy_on_loopback_the_console_cookie_is_Secure()
    {
        var hub = Hub(IPAddress.Loopback);

        var cookie = await SignInAsync(hub, forwardedProto: "https");

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task X_Forwarded_Proto_from_an_address_that_is_no_known_proxy_is_ignored()
    {
        var hub = Hub(IPAddress.Parse("203.0.113.7"));

        var cookie = await SignInAsync(hub, forwardedProto: "https");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_configured_proxy_network_is_trusted_instead_of_loopback()
    {
        var hub = Hub(IPAddress.Parse("10.1.2.3"), ("ForwardedHeaders:KnownNetworks:0", "10.1.2.0/24"));

        var cookie = await SignInAsync(hub, forwardedProto: "https");

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Console_pages_carry_a_strict_content_security_policy_and_frame_denial()
    {
        var hub = Hub(IPAddress.Loopback);
        using var client = hub.CreateClient();

        using var response = await client.GetAsync("/steward/signin");
        var html = await response.Content.ReadAsStringAsync();
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var style = StyleBlock().Match(html).Groups[1].Value;

        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("form-action 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", policy); // the one stylesheet still applies
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_console_redirect_after_signing_in_carries_the_headers_too()
    {
        var hub = Hub(IPAddress.Loopback);

        var (response, _) = await SignInResponseAsync(hub, forwardedProto: null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Production_sends_hsts_over_https()
    {
        var hub = Hub(IPAddress.Loopback, ("environment", "Production"), ("Identity:LocalIssuer:AllowInProduction", "true"));
        using var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "datahub.example.gov.vn"; // HSTS is never sent for localhost
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Production_refuses_to_start_with_the_local_issuer_unless_allowed()
    {
        var hub = Hub(IPAddress.Loopback, ("environment", "Production"));

        var error = Assert.ThrowsAny<Exception>(() => hub.CreateClient());

        var refusal = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains("Identity:LocalIssuer:AllowInProduction=true", refusal.Message);
        Assert.Contains("Identity:Mode=EntraId", refusal.Message);
        await Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var hub in _hubs)
        {
            hub.Dispose();
        }
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [GeneratedRegex("name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenToken();

    /// <summary>A hub whose test server presents every request as coming from <paramref name="client"/>.</summary>
    private HubFactory Hub(IPAddress client, params (string Key, string Value)[] settings)
    {
        var hub = new HubFactory(data.DataDirectory, settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            services => services.AddSingleton<IStartupFilter>(new ClientAddress(client)));
        _hubs.Add(hub);
        return hub;
    }

    /// <summary>Signs in to the console as a steward (antiforgery included); returns the token cookie as set.</summary>
    private static async Task<string> SignInAsync(HubFactory hub, string? forwardedProto)
    {
        var (response, cookie) = await SignInResponseAsync(hub, forwardedProto);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookie ?? throw new InvalidOperationException("no token cookie was set");
    }

    private static async Task<(HttpResponseMessage Response, string? TokenCookie)> SignInResponseAsync(HubFactory hub, string? forwardedProto)
    {
        var client = hub.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var form = new HttpRequestMessage(HttpMethod.Get, "/steward/signin");
        Forward(form, forwardedProto);
        using var page = await client.SendAsync(form);
        var html = await page.Content.ReadAsStringAsync();
        var antiforgery = HiddenToken().Match(html);
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var post = new HttpRequestMessage(HttpMethod.Post, "/steward/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
                ["token"] = hub.StewardToken,
            }),
        };
        post.Headers.Add("Cookie", cookies);
        Forward(post, forwardedProto);
        var response = await client.SendAsync(post);
        var tokenCookie = response.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.FirstOrDefault(c => c.StartsWith("datahub.steward=", StringComparison.Ordinal))
            : null;
        return (response, tokenCookie);
    }

    private static void Forward(HttpRequestMessage request, string? proto)
    {
        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }
    }
}
