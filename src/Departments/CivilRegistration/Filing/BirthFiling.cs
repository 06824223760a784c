namespace DataHub.Departments.CivilRegistration.Filing;

/// <summary>A birth filed at the civil registry (tờ khai đăng ký khai sinh): what the birth certificate will carry.</summary>
public sealed record BirthFiling(
    string? ChildFullName, string? DateOfBirth, string? Sex, string? FatherPersonalId, string? MotherPersonalId, string? Place);
