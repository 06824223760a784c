namespace DataHub.Hub.Quality;

/// <summary>One failing record: the rule, the key it reports (a personal ID, or a land right's or case's id), and why.</summary>
public sealed record QualityFinding(string Rule, string Key, string Detail);
