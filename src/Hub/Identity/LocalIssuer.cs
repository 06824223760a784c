using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataHub.Hub.Identity;

/// <summary>
/// The built-in token issuer of the embedded default, so the hub runs offline with no tenant. Its RSA key is made
/// on first run under the data folder; its tokens carry the same claims as Entra ID app tokens and are validated
/// by the same JwtBearer pipeline.
/// </summary>
public sealed class LocalIssuer
{
    private readonly LocalIssuerOptions _options;
    private readonly TimeProvider _clock;

    public LocalIssuer(LocalIssuerOptions options, string dataDirectory, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        Key = LoadOrCreateKey(Path.Combine(dataDirectory, "keys", "local-issuer.json"));
    }

    public RsaSecurityKey Key { get; }

    public string Issuer => _options.Issuer;

    public string Audience => _options.Audience;

    public string ForDepartment(string applicationId, string departmentCode, TimeSpan? lifetime = null) =>
        Create(lifetime, new Dictionary<string, object>
        {
            [HubClaims.Subject] = applicationId,
            [HubClaims.AuthorizedParty] = applicationId,
            [HubClaims.ApplicationId] = applicationId,
            [HubClaims.Name] = departmentCode,
            [HubClaims.Roles] = new[] { HubClaims.DepartmentRole },
            ["idtyp"] = "app",
        });

    public string ForSteward(string name, TimeSpan? lifetime = null) =>
        Create(lifetime, new Dictionary<string, object>
        {
            [HubClaims.Subject] = "steward:" + name,
            [HubClaims.Name] = name,
            [HubClaims.Roles] = new[] { HubClaims.StewardRole },
        });

    /// <summary>
    /// A citizen's access token, as the portal's sign-in gets it (<see cref="LocalCitizenProvider"/>) and `token --citizen`
    /// prints it: the electronic-ID level in <paramref name="levelClaim"/> (none when <paramref name="level"/> is null).
    /// </summary>
    public string ForCitizen(string personalId, TimeSpan? lifetime = null, int? level = 1, string levelClaim = "acr")
    {
        var claims = new Dictionary<string, object>
        {
            [HubClaims.Subject] = CitizenSubject(personalId),
            [HubClaims.PersonalId] = personalId,
            [HubClaims.Roles] = new[] { HubClaims.CitizenRole },
        };
        if (level is { } known)
        {
            claims[levelClaim] = known.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Create(lifetime, claims);
    }

    /// <summary>A citizen's stable subject: never the personal ID itself.</summary>
    public static string CitizenSubject(string personalId) =>
        "citizen:" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(personalId)))[..16];

    /// <summary>Signs a token for another audience (the portal's id and refresh tokens).</summary>
    internal string Sign(string audience, TimeSpan lifetime, Dictionary<string, object> claims) => Create(lifetime, claims, audience);

    /// <summary>Validation parameters for the local issuer's tokens (RS256 only: <c>alg: none</c> never passes).</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = HubClaims.Name,
        RoleClaimType = HubClaims.Roles,
    };

    private string Create(TimeSpan? lifetime, Dictionary<string, object> claims, string? audience = null)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        claims["jti"] = Guid.NewGuid().ToString("N");
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(_options.TokenLifetimeMinutes)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static RsaSecurityKey LoadOrCreateKey(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var rsa = RSA.Create(2048);
            var created = rsa.ExportParameters(includePrivateParameters: true);
            try
            {
                // Owner-only from the first byte: the mode is given at creation, never set after the key is written.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, create);
                JsonSerializer.Serialize(stream, created, KeyJson);
                return new RsaSecurityKey(RSA.Create(created)) { KeyId = KeyIdOf(created) };
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the key at the same moment: use that one.
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayUse) != 0)
        {
            throw new UnsafeKeyFileException(path, File.GetUnixFileMode(path));
        }

        var stored = JsonSerializer.Deserialize<RSAParameters>(File.ReadAllText(path), KeyJson)!;
        return new RsaSecurityKey(RSA.Create(stored)) { KeyId = KeyIdOf(stored) };
    }

    private const UnixFileMode OthersMayUse =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private static string KeyIdOf(RSAParameters parameters) => Convert.ToHexString(SHA256.HashData(parameters.Modulus!))[..16];

    private static readonly JsonSerializerOptions KeyJson = new() { IncludeFields = true };
}
