namespace DataHub.Hub.Quality;

/// <summary>
/// One reconciliation rule of <c>schema/quality-rules.json</c>: a stable code, its dimension (correct, complete,
/// clean, live), the department that must fix what it finds, a severity, and the comparison.
/// </summary>
public sealed record QualityRule(string Code, string Dimension, string Owner, string Severity, string Description, QualityCheck Check)
{
    /// <summary>The source whose records the rule judges (and whose owner fixes them).</summary>
    public string Source => Check.Source;

    /// <summary>Whether it is checked per citizen (a batch of population citizens) rather than per record of another type.</summary>
    public bool IsPerCitizen => Check.Type == "Citizen" && Check.Kind != QualityCheck.InvalidPersonalId;
}
