using DataHub.Departments.LienThong;

namespace DataHub.Departments.Police;

/// <summary>A DeathRegistered event as <c>DeathsToRecord.graphql</c> reads it.</summary>
public sealed record DeathEvent(string Id, string Cursor, string Kind, string PersonalId, string? RelatedPersonalId, DeathEvent.Deceased? Citizen)
    : ILifeEventNode
{
    public sealed record Deceased(Registration? DeathRegistration, Home? Household);

    public sealed record Registration(string RegistrationNumber, string DateOfDeath);

    public sealed record Home(string Id);
}
