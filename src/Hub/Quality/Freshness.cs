namespace DataHub.Hub.Quality;

/// <summary>
/// A source's declared freshness window for its records (<c>freshness</c> in <c>schema/quality-rules.json</c>): a record
/// whose <see cref="Field"/> (the day it was last updated) is more than <see cref="Days"/> before the reference date is stale.
/// </summary>
public sealed record Freshness(string Field, int Days);
