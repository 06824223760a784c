namespace DataHub.Departments.Aggregates;

/// <summary>
/// The client's record-key parameters (cell-key perturbation): each record's key is
/// <c>(last seven digits of its personal ID × Multiplier + Offset) mod Modulus</c>, summed per group.
/// </summary>
public sealed record AggregateKeys(long Multiplier, long Offset, long Modulus);
