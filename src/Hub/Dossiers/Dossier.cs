namespace DataHub.Hub.Dossiers;

/// <summary>
/// A dossier (hồ sơ liên thông): one run of a chain, from the filing event through the events that answer it. Derived
/// from the event store, never stored apart from it. <see cref="DurationSeconds"/> is filing to last step, once done.
/// </summary>
public sealed record Dossier(
    Guid Id, long Sequence, DossierChain Chain, string PersonalId, string? RelatedPersonalId, DossierState State, string? Reason,
    DateTime FiledAt, DateTime LastStepAt, double? DurationSeconds, IReadOnlyList<DossierStep> Steps);
