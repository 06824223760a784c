using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Identity;

/// <summary>
/// Citizen sign-in (section <c>CitizenId</c>, like <c>AzureAd</c> for departments): an OpenID Connect provider standing
/// for the national electronic identity, code flow with PKCE. Without an <see cref="Authority"/> the hub's own issuer
/// stands in (<see cref="LocalCitizenProvider"/>: a demo sign-in page, never a password).
/// </summary>
public sealed class CitizenIdOptions
{
    public const string SectionName = "CitizenId";

    /// <summary>The provider's issuer URL (its discovery document under it); empty: the local stand-in provider.</summary>
    public string? Authority { get; set; }

    /// <summary>The portal's client id at the provider.</summary>
    [Required]
    public string ClientId { get; set; } = "datahub-portal";

    /// <summary>The portal's client secret, when the provider wants one (from configuration or user secrets, never code).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for, space-separated (<c>offline_access</c> for a refresh token).</summary>
    [Required]
    public string Scopes { get; set; } = "openid profile offline_access";

    /// <summary>
    /// The audience of the citizen access tokens the hub accepts from an external provider (required with
    /// <see cref="Authority"/>): the provider's tokens for another API are refused.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The external provider's discovery document and keys only over HTTPS (the default); off only for a provider on
    /// loopback, as the tests run one.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that carries the electronic-ID level (1 or 2).</summary>
    [Required]
    public string LevelClaim { get; set; } = "acr";

    /// <summary>The level needed to give, withdraw or answer consent (level 1 reads own record and history).</summary>
    [Range(1, 2)]
    public int ConsentLevel { get; set; } = 2;

    /// <summary>Below this age a parent or legal representative manages the citizen's consent; from it, the citizen.</summary>
    [Range(1, 25)]
    public int RepresentativeUntilAge { get; set; } = 18;

    /// <summary>Lifetime of a citizen access token (the portal refreshes it).</summary>
    [Range(1, 60)]
    public int AccessTokenMinutes { get; set; } = 5;

    /// <summary>Lifetime of a refresh token, which is also the longest a portal session lasts.</summary>
    [Range(5, 1440)]
    public int RefreshTokenMinutes { get; set; } = 480;

    /// <summary>The longest consent a citizen gives in one go, in days.</summary>
    [Range(1, 3650)]
    public int MaxConsentDays { get; set; } = 1825;

    /// <summary>
    /// Other apps that sign citizens in at the local stand-in provider (code + PKCE, no secret): client id → its one
    /// redirect URI, matched exactly — e.g. the public-service app, <c>dvc-online</c>. The portal is always a client.
    /// </summary>
    public Dictionary<string, string> LocalClients { get; set; } = new(StringComparer.Ordinal);

    public bool UsesLocalProvider => string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The level named by a level claim value: "2", "level2", "urn:…:loa:2" all read 2; anything else is null.</summary>
    public static int? LevelOf(string? claim) =>
        claim is { Length: > 0 } && claim[^1] is '1' or '2' && (claim.Length == 1 || !char.IsDigit(claim[^2])) ? claim[^1] - '0' : null;
}
