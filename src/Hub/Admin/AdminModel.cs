namespace DataHub.Hub.Admin;

/// <summary>Where an access request stands.</summary>
public enum AccessRequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A department's request for fields it cannot read yet, for one purpose. It waits until a steward approves it
/// (which creates the grants) or rejects it (with a reason); the department sees the outcome.
/// </summary>
public sealed class AccessRequest
{
    public int Id { get; set; }

    public required string DepartmentCode { get; set; }

    /// <summary>Comma-separated <c>Type.field</c> names.</summary>
    public required string Fields { get; set; }

    public required string PurposeCode { get; set; }

    public required string Justification { get; set; }

    public required string RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    public AccessRequestStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    /// <summary>The steward's reason (required to reject).</summary>
    public string? DecisionReason { get; set; }

    public string? LegalBasis { get; set; }

    public DateTime? ValidFrom { get; set; }

    public DateTime? ValidTo { get; set; }

    /// <summary>Comma-separated ids of the grants the approval created.</summary>
    public string? GrantIds { get; set; }

    /// <summary>Bumped on every change; a decision names the version it saw, so a second decision gets a conflict.</summary>
    public int Version { get; set; }

    public IEnumerable<string> FieldList => Fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One change a steward (or a department's request) made to the registry: who, what, before, after, why.</summary>
public sealed class AdminChange
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>The steward's name, or the department code for its own access requests.</summary>
    public required string Actor { get; set; }

    /// <summary>e.g. grant, revokeGrant, classifyField, approveAccessRequest.</summary>
    public required string Action { get; set; }

    /// <summary>What changed, e.g. <c>grant/12</c>, <c>field/Citizen.occupation</c>, <c>department/so-y-te</c>.</summary>
    public required string Target { get; set; }

    /// <summary>JSON of the target before the change; null when it was created.</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the target after the change.</summary>
    public string? After { get; set; }

    public string? Reason { get; set; }
}
