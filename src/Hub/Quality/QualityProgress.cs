namespace DataHub.Hub.Quality;

/// <summary>Where a run stands: the phase (citizens, or the records of a type), batches committed and records read.</summary>
public sealed record QualityProgress(string Phase, int Batches, long Records);
