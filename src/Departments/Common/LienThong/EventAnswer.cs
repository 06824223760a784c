namespace DataHub.Departments.LienThong;

/// <summary>The event a worker publishes in answer to one it received, after writing its own database.</summary>
public sealed record EventAnswer(string Kind, string PersonalId, string? RelatedPersonalId, string RegistrationNumber);
