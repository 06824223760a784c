namespace DataHub.Connectors;

/// <summary>
/// How a source gives each record a fixed pseudo-random key without storing one (cell-key perturbation): the last
/// seven digits of the record's key, <c>(digits × Multiplier + Offset) mod Modulus</c>. A group's cell key is the sum
/// of its records' keys modulo <see cref="Modulus"/>, so the same set of records always has the same cell key,
/// whichever query produced it. Multiplier and offset are secret (configuration).
/// </summary>
public sealed record RecordKeys(long Multiplier, long Offset, long Modulus);
