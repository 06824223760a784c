namespace DataHub.Hub.Quality;

/// <summary>A run as it ended: finished, or stopped (asked to, or after the batches it was allowed) and resumable.</summary>
public sealed record QualityRunResult(long RunId, bool Finished, int Batches, IReadOnlyDictionary<string, int> SourceCalls);
