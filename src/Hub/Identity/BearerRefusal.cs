using Microsoft.IdentityModel.Tokens;

namespace DataHub.Hub.Identity;

/// <summary>
/// Why a request got 401, in words a developer can act on and nothing taken from the token (no audience, issuer, key id
/// or time it carries): the <c>WWW-Authenticate</c> header's <c>error</c> and <c>error_description</c> (RFC 6750 §3) and
/// the message beside the body's <c>UNAUTHENTICATED</c> code.
/// </summary>
/// <param name="Error">RFC 6750's error code, <c>invalid_token</c>; null when no token was sent (§3.1: no error code then).</param>
/// <param name="Description">One sentence, no double quotes (it is a quoted-string in the header).</param>
public sealed record BearerRefusal(string? Error, string Description)
{
    public const string InvalidToken = "invalid_token";

    /// <summary>The refusal for a request whose authentication failed with <paramref name="failure"/> (null: no token at all).</summary>
    public static BearerRefusal Of(Exception? failure, string? authorizationHeader) => failure switch
    {
        AggregateException { InnerExceptions.Count: > 0 } several => Of(several.InnerExceptions[0], authorizationHeader),
        null when !string.IsNullOrWhiteSpace(authorizationHeader)
            && !authorizationHeader.Trim().Split(' ')[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            => new(null, "The Authorization header is not a bearer token: send 'Authorization: Bearer <token>'."),
        null => new(null, "No bearer token was sent: send 'Authorization: Bearer <token>'."),
        SecurityTokenExpiredException => new(InvalidToken, "The token has expired: get a new one."),
        SecurityTokenNotYetValidException => new(InvalidToken, "The token is not valid yet (its not-before time is in the future)."),
        SecurityTokenInvalidAudienceException => new(InvalidToken, "The token was issued for another audience, not this hub."),
        SecurityTokenInvalidIssuerException => new(InvalidToken, "The token comes from an issuer this hub does not trust."),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException
            => new(InvalidToken, "The token's signature does not verify with this hub's keys."),
        SecurityTokenMalformedException or ArgumentException => new(InvalidToken, "The token is not a well-formed JWT."),
        _ => new(InvalidToken, "The token is not valid."),
    };

    /// <summary>The <c>WWW-Authenticate</c> value: <c>Bearer error="…", error_description="…"</c>.</summary>
    public string Challenge => "Bearer " + (Error is null ? "" : $"error=\"{Error}\", ") + $"error_description=\"{Description}\"";

    /// <summary>The body's message beside <c>UNAUTHENTICATED</c>.</summary>
    public string Message => Error is null ? Description : "The bearer token was refused: " + Description;
}
