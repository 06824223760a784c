using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Hub.Identity;

/// <summary>
/// Wraps the JwtBearer handler's token handler: a token that passed validation is remembered until its own expiry, so
/// the next request with the same token skips the signature check (an RSA verification, the largest part of the fixed
/// cost per request). Only successes are kept; a failed token is validated again every time. Each request gets its own
/// copy of the claims, so nothing one request adds to its identity reaches another. At most <see cref="MaxTokens"/>
/// tokens are kept; when full, expired ones are dropped first, then everything.
/// </summary>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider clock) : TokenHandler
{
    /// <summary>Distinct valid tokens kept at once (callers reuse a token until it expires: one per caller is typical).</summary>
    public const int MaxTokens = 10_000;

    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime Until)> _valid = new(StringComparer.Ordinal);

    /// <summary>Tokens kept now.</summary>
    public int Count => _valid.Count;

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var kept))
        {
            if (now < kept.Until)
            {
                return Copy(kept.Result);
            }

            _valid.TryRemove(KeyValuePair.Create(token, kept));
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        // Kept only until the token's own expiry (never with the clock skew validation allows past it).
        if (result.IsValid && result.SecurityToken is { ValidTo: var until } && until > now && until != DateTime.MinValue)
        {
            if (_valid.Count >= MaxTokens)
            {
                Trim(now);
            }

            _valid[token] = (result, until);
            return Copy(result);
        }

        return result;
    }

    private void Trim(DateTime now)
    {
        foreach (var (token, kept) in _valid)
        {
            if (kept.Until <= now)
            {
                _valid.TryRemove(KeyValuePair.Create(token, kept));
            }
        }

        if (_valid.Count >= MaxTokens)
        {
            _valid.Clear();
        }
    }

    private static TokenValidationResult Copy(TokenValidationResult kept) => new()
    {
        IsValid = true,
        ClaimsIdentity = kept.ClaimsIdentity.Clone(),
        SecurityToken = kept.SecurityToken,
        TokenType = kept.TokenType,
        Issuer = kept.Issuer,
        TokenContext = kept.TokenContext,
    };
}
