namespace DataHub.SyntheticData;

/// <summary>
/// A kind of damage the generator can inject: the quality rule that must find it (<see cref="Rule"/>, as in
/// <c>schema/quality-rules.json</c>), the database it damages and the department that owns that database.
/// </summary>
public sealed record DiscrepancyKind(string Rule, string Database, string Owner, string Change);
