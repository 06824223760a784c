namespace DataHub.Hub.Access;

/// <summary>Who is asking: a department app, a data steward, or a citizen (through a portal).</summary>
public enum PrincipalKind
{
    Department,
    Steward,
    Citizen,
}

/// <summary>The caller of one request, resolved from its token against the registry.</summary>
public sealed record HubPrincipal(
    PrincipalKind Kind, string Subject, string? DepartmentCode = null, string? PersonalId = null, string? Name = null, int? Level = null)
{
    public static HubPrincipal ForDepartment(string code, string subject) => new(PrincipalKind.Department, subject, DepartmentCode: code);

    /// <summary>A steward: the token's subject and display name, so the audit names the person, not the role.</summary>
    public static HubPrincipal ForSteward(string subject, string? name = null) => new(PrincipalKind.Steward, subject, Name: name);

    /// <summary>A citizen, with the level of their electronic identity (1 or 2; it decides what they may change).</summary>
    public static HubPrincipal ForCitizen(string personalId, string subject, int level = 1) =>
        new(PrincipalKind.Citizen, subject, PersonalId: personalId, Level: level);

    /// <summary>
    /// Set for the one request in which a citizen acts for a minor they represent (their consent): the audit names
    /// the actor "representative", not "citizen".
    /// </summary>
    public bool ActsAsRepresentative { get; init; }

    /// <summary>How the caller appears in errors and the audit log (never a citizen's ID in errors).</summary>
    public string DisplayName => Kind switch
    {
        PrincipalKind.Department => DepartmentCode!,
        PrincipalKind.Steward => "steward",
        _ => ActsAsRepresentative ? "representative" : "citizen",
    };

    /// <summary>Who acted, as the audit records it: the department code, the steward's own name and subject, or "citizen".</summary>
    public string AuditName => Kind switch
    {
        // The local issuer's subjects read "steward:<name>"; Entra ID's are object ids, so both are kept there.
        PrincipalKind.Steward => Subject == $"steward:{Name}" || Name is null ? (Subject.StartsWith("steward:", StringComparison.Ordinal) ? Subject : $"steward:{Subject}")
            : $"steward:{Name} <{Subject}>",
        _ => DisplayName,
    };
}
