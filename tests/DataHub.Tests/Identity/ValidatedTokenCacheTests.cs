using System.Security.Claims;
using DataHub.Hub.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Tests.Identity;

/// <summary>
/// A validated token is remembered until its own expiry, and only then: the signature is checked once per token, a
/// refused token is checked every time, and each request gets claims of its own.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("datahub-token-cache-").FullName;
    private readonly MovableClock _clock = new();
    private readonly CountingHandler _inner = new();
    private readonly LocalIssuer _issuer;
    private readonly ValidatedTokenCache _cache;

    public ValidatedTokenCacheTests()
    {
        _issuer = new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System);
        _cache = new ValidatedTokenCache(_inner, _clock);
    }

    [Fact]
    public async Task A_valid_token_is_validated_once_until_it_expires()
    {
        var token = _issuer.ForDepartment("app-1", "so-y-te", TimeSpan.FromMinutes(10));

        var first = await _cache.ValidateTokenAsync(token, _issuer.ValidationParameters());
        var second = await _cache.ValidateTokenAsync(token, _issuer.ValidationParameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal(first.ClaimsIdentity.FindFirst(HubClaims.Name)?.Value, second.ClaimsIdentity.FindFirst(HubClaims.Name)?.Value);
        Assert.Equal("so-y-te", second.ClaimsIdentity.FindFirst(HubClaims.Name)?.Value);

        // Past the token's expiry the cache no longer answers: the handler is asked again.
        _clock.Now = DateTimeOffset.UtcNow.AddMinutes(11);
        await _cache.ValidateTokenAsync(token, _issuer.ValidationParameters());
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task Each_answer_has_claims_of_its_own()
    {
        var token = _issuer.ForSteward("steward-1", TimeSpan.FromMinutes(10));

        var first = await _cache.ValidateTokenAsync(token, _issuer.ValidationParameters());
        first.ClaimsIdentity.AddClaim(new Claim("added-by-a-request", "x"));
        var second = await _cache.ValidateTokenAsync(token, _issuer.ValidationParameters());

        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by-a-request"));
    }

    [Fact]
    public async Task A_refused_token_is_checked_every_time()
    {
        var token = _issuer.ForDepartment("app-1", "so-y-te", TimeSpan.FromMinutes(10));
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var first = await _cache.ValidateTokenAsync(forged, _issuer.ValidationParameters());
        var second = await _cache.ValidateTokenAsync(forged, _issuer.ValidationParameters());

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Equal(2, _inner.Calls);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private sealed class MovableClock : TimeProvider
    {
        public DateTimeOffset? Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now ?? base.GetUtcNow();
    }

    /// <summary>The real handler, counting how often it validates.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _handler = new();

        public int Calls { get; private set; }

        public override SecurityToken ReadToken(string token) => _handler.ReadToken(token);

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return _handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
