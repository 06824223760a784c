using DataHub.Departments.Aggregates;

namespace DataHub.Departments.HealthInsurance;

/// <summary>
/// <c>POST /cards/count</c>: up to <see cref="CardRegistry.MaxKeys"/> holders' personal IDs, the day (dd/MM/yyyy) the card
/// must be in force, and optionally the record-key parameters; the answer is <c>{ count, keySum }</c>.
/// </summary>
public sealed record HolderCount(IReadOnlyList<string>? HolderIds, string? ValidOn, AggregateKeys? RecordKeys);
