namespace DataHub.Hub.Dossiers;

/// <summary>One step of a dossier: who takes it, its state, and — when done — its event, when it was stored, its record number.</summary>
public sealed record DossierStep(
    DossierChainStep Definition, DossierState State, Guid? EventId, DateTime? At, string? RegistrationNumber, double? SecondsFromFiling);
