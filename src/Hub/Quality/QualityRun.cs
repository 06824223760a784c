namespace DataHub.Hub.Quality;

/// <summary>A reconciliation run as stored: where it stands (phase and cursor) so it can be stopped and resumed.</summary>
public sealed record QualityRun(
    long Id, DateTime StartedAt, DateTime? FinishedAt, string Status, IReadOnlyList<string> Rules, int Phase, string? Cursor, int Batches)
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Finished = "finished";
}
