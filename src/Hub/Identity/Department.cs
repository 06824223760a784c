namespace DataHub.Hub.Identity;

/// <summary>A connected department (Sở): one department, one application registration, one token audience.</summary>
public sealed class Department
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string OwningAgency { get; set; }

    /// <summary>The Entra ID application (client) id of the department's app; local tokens carry it too.</summary>
    public string? EntraApplicationId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Requests per minute its app may send; null: the configured default (<c>RateLimits:DepartmentPerMinute</c>).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Reads figures only (the operations centre): its grants name statistics figures and dimensions, and every record
    /// field — the baseline too — is refused to it (<c>AGGREGATE_ONLY</c>).
    /// </summary>
    public bool AggregateOnly { get; set; }
}
