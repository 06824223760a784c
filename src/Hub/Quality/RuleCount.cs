namespace DataHub.Hub.Quality;

/// <summary>How many records a rule checked in a run and how many failed.</summary>
public sealed record RuleCount(string Rule, long Checked, long Failed);
