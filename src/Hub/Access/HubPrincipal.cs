namespace DataHub.Hub.Access;

/// <summary>Who is asking: a department app, a data steward, or a citizen (through a portal).</summary>
public enum PrincipalKind
{
    Department,
    Steward,
    Citizen,
}

/// <summary>The caller of one request, resolved from its token against the registry.</summary>
public sealed record HubPrincipal(PrincipalKind Kind, string Subject, string? DepartmentCode = null, string? PersonalId = null)
{
    public static HubPrincipal ForDepartment(string code, string subject) => new(PrincipalKind.Department, subject, DepartmentCode: code);

    public static HubPrincipal ForSteward(string subject) => new(PrincipalKind.Steward, subject);

    public static HubPrincipal ForCitizen(string personalId, string subject) => new(PrincipalKind.Citizen, subject, PersonalId: personalId);

    /// <summary>How the caller appears in errors and the audit log (never a citizen's ID in errors).</summary>
    public string DisplayName => Kind switch
    {
        PrincipalKind.Department => DepartmentCode!,
        PrincipalKind.Steward => "steward",
        _ => "citizen",
    };
}
