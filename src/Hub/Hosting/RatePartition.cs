namespace DataHub.Hub.Hosting;

/// <summary>
/// Who shares one rate limit: a department (by code), a steward or citizen (by token subject), or an anonymous
/// client (by IP). The quota is part of the key, so a steward's change of a department's quota takes effect at once.
/// </summary>
public readonly record struct RatePartition(string Kind, string Name, int PerMinute)
{
    public const string Department = "department";
    public const string Steward = "steward";
    public const string Citizen = "citizen";
    public const string Anonymous = "anonymous";

    /// <summary>Requests the hub does not limit (the IDE's files, the console, <c>/healthz</c>).</summary>
    public static readonly RatePartition Unlimited = new("unlimited", "", 0);

    /// <summary>How the partition appears in the audit log: a department code, steward, citizen or anonymous.</summary>
    public string Principal => Kind == Department ? Name : Kind;
}
