namespace DataHub.Departments.CivilRegistration.Filing;

/// <summary>What the registry answers a filing: the registration number and, for a birth, the child's new personal ID.</summary>
public sealed record FilingResult(string RegistrationNumber, string PersonalId, DateOnly RegisteredOn);
