namespace DataHub.SyntheticData;

/// <summary>
/// A damage chosen by <see cref="DiscrepancyPlan"/> before any database is touched: the kind, the citizen, and the
/// value the damage writes (a replacement ID, a new card or case number, a name, a date), so every database applies it
/// alike; <see cref="Holder"/> is the citizen when a damage adds a record that prints their name, birth and sex.
/// </summary>
public sealed record PlannedDiscrepancy(DiscrepancyKind Kind, string PersonalId, string Value, DateOnly? Date, Citizen? Holder = null);
