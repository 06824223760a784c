using System.Security.Cryptography;
using System.Text;
using DataHub.Hub.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Tests.Identity;

/// <summary>Makes tokens the hub must refuse (and, with the right key, ones it must accept).</summary>
internal static class TokenForge
{
    public static string Create(
        SecurityKey key, string issuer, string audience, IDictionary<string, object> claims,
        DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddSeconds(-1),
            NotBefore = notBefore ?? now.AddSeconds(-1),
            Expires = expires ?? now.AddMinutes(30),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public static Dictionary<string, object> DepartmentClaims(string applicationId) => new()
    {
        [HubClaims.AuthorizedParty] = applicationId,
        [HubClaims.Subject] = applicationId,
        [HubClaims.Roles] = new[] { HubClaims.DepartmentRole },
    };

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string Unsigned(string issuer, string audience, string applicationId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64Url($"{{\"iss\":\"{issuer}\",\"aud\":\"{audience}\",\"azp\":\"{applicationId}\",\"roles\":[\"{HubClaims.DepartmentRole}\"],\"nbf\":{now - 5},\"exp\":{now + 600}}}");
        return $"{header}.{payload}.";
    }

    public static RsaSecurityKey OtherKey() => new(RSA.Create(2048)) { KeyId = "other" };

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
