namespace DataHub.Hub.Access;

/// <summary>
/// A department's request that a citizen consent to it reading some consent-required fields for a purpose (why, until
/// when). The citizen approves it — which records a consent in the one consent store — or declines it.
/// </summary>
public sealed class ConsentRequest
{
    public int Id { get; set; }

    public required string DepartmentCode { get; set; }

    public required string CitizenPersonalId { get; set; }

    /// <summary>Comma-separated <c>Type.field</c> names, each classed consent-required.</summary>
    public required string Fields { get; set; }

    public required string PurposeCode { get; set; }

    /// <summary>Why the department asks, in its own words (shown to the citizen).</summary>
    public required string Reason { get; set; }

    /// <summary>Until when the consent would last (UTC).</summary>
    public DateTime Until { get; set; }

    public DateTime RequestedAt { get; set; }

    /// <summary><c>pending</c>, <c>approved</c> or <c>declined</c>.</summary>
    public string Status { get; set; } = Pending;

    public DateTime? AnsweredAt { get; set; }

    /// <summary><c>citizen</c> or <c>representative</c>.</summary>
    public string? AnsweredBy { get; set; }

    /// <summary>The consent an approval recorded.</summary>
    public int? ConsentId { get; set; }

    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Declined = "declined";

    public IEnumerable<string> FieldList => Fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
