using DataHub.Domain;

namespace DataHub.SyntheticData;

public enum MaritalStatus
{
    Single,
    Married,
    Divorced,
    Widowed,
}

/// <summary>The identity card (thẻ căn cước) of a citizen aged 14 or more; its number is the personal ID.</summary>
public sealed record IdCard(string Number, DateOnly IssuedOn, string IssuedBy, DateOnly? ExpiresOn);

/// <summary>
/// One row of the population database. Properties are read-only to consumers; the generator fills them in steps
/// (identity first, links and deaths once the whole household exists, documents last).
/// </summary>
public sealed class Citizen
{
    internal Citizen(PersonalId id, string familyName, string fullName, DateOnly dateOfBirth, Sex sex)
    {
        Id = id;
        FamilyName = familyName;
        FullName = fullName;
        DateOfBirth = dateOfBirth;
        Sex = sex;
    }

    public PersonalId Id { get; }

    /// <summary>The family name (họ), the first word of <see cref="FullName"/>; children take their father's.</summary>
    public string FamilyName { get; }

    public string FullName { get; }

    public DateOnly DateOfBirth { get; }

    public Sex Sex { get; }

    public string? FormerIdNumber { get; internal set; }

    public string BirthRegistrationPlace { get; internal set; } = "";

    public string Hometown { get; internal set; } = "";

    public string Ethnicity { get; internal set; } = "";

    public string Religion { get; internal set; } = "";

    public string Nationality { get; internal set; } = "Việt Nam";

    public MaritalStatus MaritalStatus { get; internal set; }

    public string PermanentResidence { get; internal set; } = "";

    public string? TemporaryResidence { get; internal set; }

    public string CurrentResidence { get; internal set; } = "";

    public PersonalId? FatherId { get; internal set; }

    public PersonalId? MotherId { get; internal set; }

    public PersonalId? SpouseId { get; internal set; }

    public string? HouseholdId { get; internal set; }

    public PersonalId? HouseholdHeadId { get; internal set; }

    /// <summary>'Chủ hộ', 'Vợ', 'Chồng', 'Con', 'Cha', 'Mẹ' or 'Cháu'.</summary>
    public string? RelationToHouseholdHead { get; internal set; }

    public DateOnly? DateOfDeath { get; internal set; }

    public string? BloodType { get; internal set; }

    public string? PhoneNumber { get; internal set; }

    public string? Email { get; internal set; }

    public string? Occupation { get; internal set; }

    public string? EducationLevel { get; internal set; }

    public IdCard? IdCard { get; internal set; }

    public int? ElectronicIdLevel { get; internal set; }

    public PersonalId? LegalRepresentativeId { get; internal set; }

    public string? FaceImageRef { get; internal set; }

    public string? FingerprintRef { get; internal set; }

    public bool IsAlive => DateOfDeath is null;

    /// <summary>Age on the demo's reference date (for the dead: the age they would have).</summary>
    public int Age => DemoCalendar.AgeOn(DateOfBirth, DemoCalendar.Today);

    public override string ToString() => $"{Id} {FullName}";
}
