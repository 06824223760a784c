namespace DataHub.SyntheticData;

/// <summary>
/// The fixed "today" of the demo world. Ages, validity, deaths and case dates are computed against it, never against
/// the clock, so the same options give the same rows on any day.
/// </summary>
public static class DemoCalendar
{
    public static DateOnly Today { get; } = new(2026, 11, 1);

    /// <summary>Whole years between <paramref name="dateOfBirth"/> and <paramref name="on"/>.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly on)
    {
        var age = on.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > on ? age - 1 : age;
    }
}
