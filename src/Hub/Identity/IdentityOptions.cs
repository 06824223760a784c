namespace DataHub.Hub.Identity;

/// <summary>How callers are authenticated, from the <c>Identity</c> section.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary><c>Local</c> (the built-in issuer, the embedded default) or <c>EntraId</c> (section <c>AzureAd</c>).</summary>
    public string Mode { get; set; } = "Local";

    public LocalIssuerOptions LocalIssuer { get; set; } = new();

    public bool UsesEntraId => Mode.Equals("EntraId", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The local issuer's settings; its signing key lives in the data folder, never in the repository.</summary>
public sealed class LocalIssuerOptions
{
    public string Issuer { get; set; } = "https://datahub.local/issuer";

    public string Audience { get; set; } = "api://datahub";

    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>
    /// The local issuer mints steward tokens from a key file on the host: fine on a laptop, not what a province runs.
    /// In the Production environment the hub refuses to start with it unless this is set on purpose.
    /// </summary>
    public bool AllowInProduction { get; set; }

    /// <summary>
    /// Department apps that may take a token by client credentials at <c>POST /connect/token</c>: department code →
    /// client secret (from configuration or the environment, e.g. <c>Identity__LocalIssuer__ClientSecrets__cong-an</c>;
    /// never committed). The demo's workers get a secret made for the run when none is configured.
    /// </summary>
    public Dictionary<string, string> ClientSecrets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The claim and role names DataHub reads: the same for Entra ID and local tokens.</summary>
public static class HubClaims
{
    public const string Roles = "roles";
    public const string AuthorizedParty = "azp";
    public const string ApplicationId = "appid";
    public const string Subject = "sub";
    public const string Name = "name";

    /// <summary>The citizen's personal ID, on Citizen.Self tokens issued by the citizen portal.</summary>
    public const string PersonalId = "personal_id";

    public const string DepartmentRole = "Department.Read";
    public const string StewardRole = "DataSteward";
    public const string CitizenRole = "Citizen.Self";
}
