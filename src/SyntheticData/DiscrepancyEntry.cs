namespace DataHub.SyntheticData;

/// <summary>
/// One damaged record of the manifest: the rule that must report it, the database and department, the citizen it is
/// about, and the key the rule reports (the citizen's personal ID, or a land right's or benefit case's id).
/// </summary>
public sealed record DiscrepancyEntry(string Rule, string Database, string Owner, string PersonalId, string Key, string Change);
