using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DataHub.Domain;

/// <summary>
/// A Vietnamese personal ID (số định danh cá nhân): 12 digits =
/// 3 digits province of birth registration, 1 digit century and sex
/// (0/1 = male/female born 1900–1999, 2/3 = male/female born 2000–2099),
/// 2 digits year of birth, 6 serial digits.
/// </summary>
/// <remarks>
/// Only a well-formed ID can exist as a value (through <see cref="TryParse"/>, <see cref="Parse"/> or
/// <see cref="Create"/>); <c>default(PersonalId)</c> is the one exception and prints as an empty string.
/// Problem texts never echo the input: IDs are personal data and problems end up in logs and error responses.
/// </remarks>
public readonly record struct PersonalId
{
    public const int Length = 12;

    private readonly string? _digits;

    private PersonalId(string digits) => _digits = digits;

    /// <summary>The 12 digits.</summary>
    public string Value => _digits ?? string.Empty;

    /// <summary>Province of birth registration, e.g. "027" for Bắc Ninh.</summary>
    public string ProvinceCode => Value[..3];

    public Sex Sex => CenturySexDigit % 2 == 0 ? Sex.Male : Sex.Female;

    /// <summary>The last two digits of the year of birth (0–99).</summary>
    public int BirthYearDigits => ((Value[4] - '0') * 10) + (Value[5] - '0');

    /// <summary>The first year of the century of birth: 1900 or 2000.</summary>
    public int Century => CenturySexDigit < 2 ? 1900 : 2000;

    /// <summary>The full year of birth, e.g. 1987.</summary>
    public int BirthYear => Century + BirthYearDigits;

    /// <summary>The last six digits.</summary>
    public int Serial => int.Parse(Value.AsSpan(6, 6), NumberStyles.None, CultureInfo.InvariantCulture);

    private int CenturySexDigit => Value[3] - '0';

    /// <summary>Parses user input. On failure <paramref name="problem"/> is a short English sentence fit to show a user.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        out PersonalId id,
        [NotNullWhen(false)] out string? problem)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            problem = "A personal ID is required; got an empty value.";
            return false;
        }

        if (text.Length != Length)
        {
            problem = $"A personal ID has exactly {Length} digits; got {text.Length} characters.";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                problem = $"A personal ID has only digits; character {i + 1} is not a digit.";
                return false;
            }
        }

        var provinceCode = text[..3];
        if (!Provinces.IsKnown(provinceCode))
        {
            problem = $"'{provinceCode}' is not a Vietnamese province code.";
            return false;
        }

        if (text[3] > '3')
        {
            problem = "The 4th digit (century and sex) must be 0–3.";
            return false;
        }

        id = new PersonalId(text);
        problem = null;
        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out PersonalId id) => TryParse(text, out id, out _);

    /// <summary>Parses a trusted value; throws <see cref="FormatException"/> with the problem text otherwise.</summary>
    public static PersonalId Parse(string? text) =>
        TryParse(text, out var id, out var problem) ? id : throw new FormatException(problem);

    /// <summary>Builds the ID of someone born on <paramref name="dateOfBirth"/> and registered in <paramref name="provinceCode"/>.</summary>
    public static PersonalId Create(string provinceCode, DateOnly dateOfBirth, Sex sex, int serial)
    {
        if (!Provinces.IsKnown(provinceCode))
        {
            throw new ArgumentException($"'{provinceCode}' is not a Vietnamese province code.", nameof(provinceCode));
        }

        if (dateOfBirth.Year is < 1900 or > 2099)
        {
            throw new ArgumentOutOfRangeException(nameof(dateOfBirth), "A personal ID encodes birth years 1900–2099 only.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);

        var centurySex = (dateOfBirth.Year >= 2000 ? 2 : 0) + (sex == Sex.Female ? 1 : 0);
        var digits = string.Create(CultureInfo.InvariantCulture, $"{provinceCode}{centurySex}{dateOfBirth.Year % 100:D2}{serial:D6}");
        return new PersonalId(digits);
    }

    /// <summary>True when the century, sex and year digits agree with that birth.</summary>
    public bool MatchesBirth(DateOnly dateOfBirth, Sex sex) =>
        _digits is not null && BirthYear == dateOfBirth.Year && Sex == sex;

    public override string ToString() => Value;
}
