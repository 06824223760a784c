namespace DataHub.Hub.Documents;

/// <summary>
/// One operation document a department registered for one version of its app: the normalised text, its stable id
/// (<c>sha256:</c> of that text), what it reads and the purposes it may run under, and the steward's review.
/// </summary>
public sealed class TrustedDocument
{
    public int Id { get; set; }

    /// <summary><c>sha256:</c> and the lower-case hex SHA-256 of <see cref="Text"/> (UTF-8).</summary>
    public required string Hash { get; set; }

    public required string DepartmentCode { get; set; }

    public required string AppVersion { get; set; }

    /// <summary>Where it came from (the file name), for the reviewer.</summary>
    public required string Name { get; set; }

    /// <summary>The normalised text (parsed and printed again: no comments, one layout), which is what runs.</summary>
    public required string Text { get; set; }

    /// <summary><c>Type.field</c> names it reads (selected, filtered, sorted, counted), sorted, comma-separated.</summary>
    public required string Fields { get; set; }

    /// <summary>Purposes under which every field it reads is allowed for its department, comma-separated.</summary>
    public required string Purposes { get; set; }

    public DocumentState State { get; set; }

    public DateTime SubmittedAt { get; set; }

    public required string SubmittedBy { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    /// <summary>The reviewer's reason, or why the hub changed its state (a grant revoked, the version retired).</summary>
    public string? Reason { get; set; }

    /// <summary>Bumped on every change: a reviewer sends back the one read, so two concurrent reviews do not both win.</summary>
    public int Version { get; set; }

    public IReadOnlyList<string> FieldList => Split(Fields);

    public IReadOnlyList<string> PurposeList => Split(Purposes);

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
