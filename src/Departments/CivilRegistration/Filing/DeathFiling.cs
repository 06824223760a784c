namespace DataHub.Departments.CivilRegistration.Filing;

/// <summary>A death filed at the civil registry (tờ khai đăng ký khai tử).</summary>
public sealed record DeathFiling(string? PersonalId, string? DateOfDeath, string? Place);
