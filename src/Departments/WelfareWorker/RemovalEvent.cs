using DataHub.Departments.LienThong;

namespace DataHub.Departments.WelfareWorker;

/// <summary>A PermanentResidenceRemoved event as <c>RemovalsToSupport.graphql</c> reads it.</summary>
public sealed record RemovalEvent(
    string Id, string Cursor, string Kind, string PersonalId, string? RelatedPersonalId, RemovalEvent.Deceased? Citizen, RemovalEvent.Kin? RelatedCitizen)
    : ILifeEventNode
{
    public sealed record Deceased(string? DateOfDeath, Registration? DeathRegistration, IReadOnlyList<Case>? FuneralAllowanceCases);

    public sealed record Registration(string RegistrationNumber, string Place);

    public sealed record Case(string CaseId);

    public sealed record Kin(string PersonalId, Home? Household);

    public sealed record Home(string Commune);
}
