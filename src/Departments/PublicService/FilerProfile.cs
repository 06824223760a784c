namespace DataHub.Departments.PublicService;

/// <summary>The data of <c>FilerProfile.graphql</c>.</summary>
public sealed record FilerProfile(FilerProfile.Person? Citizen)
{
    public sealed record Person(
        string PersonalId, string? FullName, string? DateOfBirth, string? Sex, string? PermanentResidence, string? PhoneNumber,
        Relative? Spouse, Relative? Father, Relative? Mother, Home? Household);

    public sealed record Relative(string PersonalId, string? FullName, string? DateOfDeath);

    public sealed record Home(string? Address, string? Commune, string? Province);
}
