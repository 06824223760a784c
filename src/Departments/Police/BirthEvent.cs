using DataHub.Departments.LienThong;

namespace DataHub.Departments.Police;

/// <summary>A BirthRegistered event as <c>BirthsToRegister.graphql</c> reads it.</summary>
public sealed record BirthEvent(string Id, string Cursor, string Kind, string PersonalId, string? RelatedPersonalId, BirthEvent.Child? Citizen, BirthEvent.Parent? RelatedCitizen)
    : ILifeEventNode
{
    public sealed record Child(Certificate? BirthRegistration);

    public sealed record Certificate(
        string RegistrationNumber, string ChildFullName, string DateOfBirth, string Sex, string? FatherPersonalId, string? MotherPersonalId, string Place);

    public sealed record Parent(
        string PersonalId, string? Hometown, string? Ethnicity, string? Religion, string? Nationality, string? PermanentResidence, Home? Household);

    public sealed record Home(string Id, string Address, Person? Head);

    public sealed record Person(string PersonalId);
}
