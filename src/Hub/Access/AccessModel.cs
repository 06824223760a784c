namespace DataHub.Hub.Access;

/// <summary>How a composite-schema field may be read.</summary>
public enum FieldClass
{
    /// <summary>One of the shared fields every connected department reads, for any of its purposes.</summary>
    Baseline,

    /// <summary>Only through a steward-approved grant for the department and purpose.</summary>
    Restricted,

    /// <summary>A grant, and the citizen's live consent.</summary>
    ConsentRequired,

    /// <summary>Never exposed (biometrics), whatever the grants.</summary>
    Never,
}

/// <summary>Why a department reads data, with the law that allows it.</summary>
public sealed class Purpose
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string LegalBasis { get; set; }

    /// <summary>Departments that may state this purpose, comma-separated codes.</summary>
    public required string Departments { get; set; }

    public IReadOnlySet<string> DepartmentCodes => Departments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
}

/// <summary>The class of one composite field (<c>Type.field</c>).</summary>
public sealed class FieldClassification
{
    public required string Field { get; set; }

    public FieldClass Class { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A steward-approved permission: department × field × purpose, with legal basis and validity.</summary>
public sealed class FieldGrant
{
    public int Id { get; set; }

    public required string DepartmentCode { get; set; }

    public required string Field { get; set; }

    public required string PurposeCode { get; set; }

    public required string LegalBasis { get; set; }

    public DateTime ValidFrom { get; set; }

    public DateTime? ValidTo { get; set; }

    public required string GrantedBy { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsLiveAt(DateTime now) => RevokedAt is null && ValidFrom <= now && (ValidTo is null || now < ValidTo);
}

/// <summary>A citizen's consent that a department reads some of their fields for one purpose.</summary>
public sealed class ConsentRecord
{
    public int Id { get; set; }

    public required string CitizenPersonalId { get; set; }

    public required string DepartmentCode { get; set; }

    /// <summary>Comma-separated <c>Type.field</c> names.</summary>
    public required string Fields { get; set; }

    public required string PurposeCode { get; set; }

    public DateTime GivenAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>Who gave it: <c>citizen</c>, <c>representative</c>, or <c>steward:&lt;name&gt;</c> (null: the seed).</summary>
    public string? GivenBy { get; set; }

    /// <summary>Who withdrew it, in the same words.</summary>
    public string? RevokedBy { get; set; }

    public IEnumerable<string> FieldList => Fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>live, expired or withdrawn, at <paramref name="now"/>.</summary>
    public string StateAt(DateTime now) => RevokedAt is not null ? "withdrawn" : ExpiresAt is { } end && end <= now ? "expired" : "live";
}
