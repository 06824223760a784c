using DataHub.Domain;

namespace DataHub.SyntheticData.Tests;

public class PersonalIdTests
{
    [Theory]
    [InlineData("027098589062", "027", Sex.Male, 1998)]
    [InlineData("001187000123", "001", Sex.Female, 1987)]
    [InlineData("096224999999", "096", Sex.Male, 2024)]
    [InlineData("079300000000", "079", Sex.Female, 2000)]
    public void A_well_formed_id_parses_into_its_parts(string text, string province, Sex sex, int birthYear)
    {
        var ok = PersonalId.TryParse(text, out var id, out var problem);

        Assert.True(ok);
        Assert.Null(problem);
        Assert.Equal(text, id.ToString());
        Assert.Equal(province, id.ProvinceCode);
        Assert.Equal(sex, id.Sex);
        Assert.Equal(birthYear, id.BirthYear);
        Assert.Equal(birthYear % 100, id.BirthYearDigits);
        Assert.Equal(birthYear / 100 * 100, id.Century);
    }

    [Theory]
    [InlineData("02709858906", "A personal ID has exactly 12 digits; got 11 characters.")]
    [InlineData("0270985890623", "A personal ID has exactly 12 digits; got 13 characters.")]
    [InlineData(" 27098589062", "A personal ID has only digits; character 1 is not a digit.")]
    [InlineData("0270985A9062", "A personal ID has only digits; character 8 is not a digit.")]
    [InlineData("０２７098589062", "A personal ID has only digits; character 1 is not a digit.")]
    [InlineData("999098589062", "'999' is not a Vietnamese province code.")]
    [InlineData("003098589062", "'003' is not a Vietnamese province code.")]
    [InlineData("027498589062", "The 4th digit (century and sex) must be 0–3.")]
    [InlineData("027998589062", "The 4th digit (century and sex) must be 0–3.")]
    [InlineData("", "A personal ID is required; got an empty value.")]
    [InlineData(null, "A personal ID is required; got an empty value.")]
    public void A_malformed_id_is_rejected_with_a_short_problem(string? text, string expectedProblem)
    {
        var ok = PersonalId.TryParse(text, out var id, out var problem);

        Assert.False(ok);
        Assert.Equal(default, id);
        Assert.Equal(expectedProblem, problem);
    }

    [Theory]
    [InlineData("02709858906")]
    [InlineData("0270985A9062")]
    [InlineData("999098589062")]
    [InlineData("027498589062")]
    [InlineData("027098589062-extra")]
    public void The_problem_never_repeats_the_whole_input(string text)
    {
        var ok = PersonalId.TryParse(text, out _, out var problem);

        Assert.False(ok);
        Assert.NotNull(problem);
        Assert.DoesNotContain(text, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_a_format_exception_carrying_the_problem()
    {
        var error = Assert.Throws<FormatException>(() => PersonalId.Parse("12345"));

        Assert.Equal("A personal ID has exactly 12 digits; got 5 characters.", error.Message);
    }

    [Theory]
    [InlineData("027", 1987, 5, 3, Sex.Female, 123, "027187000123")]
    [InlineData("001", 1999, 12, 31, Sex.Male, 999_999, "001099999999")]
    [InlineData("079", 2000, 1, 1, Sex.Male, 0, "079200000000")]
    [InlineData("096", 2025, 7, 15, Sex.Female, 42, "096325000042")]
    public void Create_encodes_province_century_sex_year_and_serial_and_parses_back(
        string province, int year, int month, int day, Sex sex, int serial, string expected)
    {
        var dateOfBirth = new DateOnly(year, month, day);

        var id = PersonalId.Create(province, dateOfBirth, sex, serial);
        var parsed = PersonalId.TryParse(id.ToString(), out var roundTrip, out _);

        Assert.Equal(expected, id.ToString());
        Assert.True(parsed);
        Assert.Equal(id, roundTrip);
        Assert.Equal(serial, roundTrip.Serial);
        Assert.True(roundTrip.MatchesBirth(dateOfBirth, sex));
    }

    [Fact]
    public void MatchesBirth_is_false_for_another_year_or_sex()
    {
        var id = PersonalId.Create("027", new DateOnly(1987, 5, 3), Sex.Female, 1);

        Assert.False(id.MatchesBirth(new DateOnly(1988, 5, 3), Sex.Female));
        Assert.False(id.MatchesBirth(new DateOnly(2087, 5, 3), Sex.Female));
        Assert.False(id.MatchesBirth(new DateOnly(1987, 5, 3), Sex.Male));
        Assert.False(default(PersonalId).MatchesBirth(new DateOnly(1987, 5, 3), Sex.Female));
    }

    [Fact]
    public void Create_rejects_an_unknown_province_a_serial_out_of_range_and_a_year_outside_1900_to_2099()
    {
        var dateOfBirth = new DateOnly(1990, 1, 1);

        Assert.Throws<ArgumentException>(() => PersonalId.Create("999", dateOfBirth, Sex.Male, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalId.Create("027", dateOfBirth, Sex.Male, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalId.Create("027", dateOfBirth, Sex.Male, 1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalId.Create("027", new DateOnly(2100, 1, 1), Sex.Male, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalId.Create("027", new DateOnly(1899, 12, 31), Sex.Male, 1));
    }

    [Fact]
    public void The_province_table_has_the_63_codes_each_once()
    {
        var codes = Provinces.All.Select(p => p.Code).ToList();

        Assert.Equal(63, codes.Count);
        Assert.Equal(63, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9]{3}$", c));
        Assert.True(Provinces.TryGetName("027", out var bacNinh));
        Assert.Equal("Bắc Ninh", bacNinh);
        Assert.True(Provinces.TryGetName("079", out var hcm));
        Assert.Equal("Hồ Chí Minh", hcm);
        Assert.Equal("Thành phố Hà Nội", Provinces.Get("001").FullName);
        Assert.Equal("Tỉnh Bắc Ninh", Provinces.Get("027").FullName);
        Assert.False(Provinces.TryGetName("003", out _));
        Assert.False(Provinces.TryGetName(null, out _));
    }
}
