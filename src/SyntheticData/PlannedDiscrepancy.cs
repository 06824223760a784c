namespace DataHub.SyntheticData;

/// <summary>
/// A damage chosen by <see cref="DiscrepancyPlan"/> before any database is touched: the kind, the citizen, and the
/// value the damage writes (a replacement ID, a new card or case number, a date), so every database applies it alike.
/// </summary>
public sealed record PlannedDiscrepancy(DiscrepancyKind Kind, string PersonalId, string Value, DateOnly? Date);
