using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DataHub.Hub.Identity;

/// <summary>
/// The department clients of the local issuer's client-credentials grant: the secrets configured in
/// <c>Identity:LocalIssuer:ClientSecrets</c>, and those the demo makes for the workers it starts (held in memory only).
/// </summary>
public sealed class ClientCredentials(IdentityOptions options)
{
    private readonly ConcurrentDictionary<string, string> _secrets = new(options.LocalIssuer.ClientSecrets, StringComparer.Ordinal);

    /// <summary>The department's configured secret, or a new random one for this run when none is configured.</summary>
    public string SecretFor(string departmentCode) =>
        _secrets.GetOrAdd(departmentCode, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>True when the secret is the department's (compared in fixed time).</summary>
    public bool IsValid(string departmentCode, string secret) =>
        _secrets.TryGetValue(departmentCode, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(secret));
}
