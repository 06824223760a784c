namespace DataHub.Hub.Quality;

/// <summary>A rule's counts in a run as the store grouped them: checked, failed, and the failing records' key sum.</summary>
public sealed record RuleAggregate(string Rule, long Checked, long Failed, long FailedKeySum);
