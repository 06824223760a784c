using System.Globalization;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Web;

/// <summary>
/// The province's local time (<see cref="WebPagesOptions.TimeZone"/>): the hub stores UTC, pages show local time and
/// read the dates a steward enters as local dates.
/// </summary>
public sealed class LocalTime(IOptions<WebPagesOptions> options, TimeProvider clock)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>e.g. <c>Asia/Ho_Chi_Minh (UTC+07:00)</c>, shown once per page.</summary>
    public string Label
    {
        get
        {
            var offset = Zone.GetUtcOffset(clock.GetUtcNow());
            return $"{Zone.Id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
        }
    }

    /// <summary>Today's date in the province, as a date input wants it (<c>yyyy-MM-dd</c>).</summary>
    public string Today => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time in local time, <c>yyyy-MM-dd HH:mm:ss</c>; empty for none.</summary>
    public string Format(DateTime? utc) => utc is { } time
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(time, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "";

    /// <summary>A stored UTC time as a local date (<c>yyyy-MM-dd</c>), e.g. for a date input's value; empty for none.</summary>
    public string Date(DateTime? utc) => utc is { } time
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(time, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "";

    /// <summary>The machine-readable UTC time for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTime? utc) => utc is { } time
        ? DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : "";

    /// <summary>
    /// The start of a local date (<c>yyyy-MM-dd</c>, as a date input sends it) in UTC; null when empty. A value that is
    /// not a date is <see cref="FormatException"/>.
    /// </summary>
    public DateTime? StartOfDay(string? localDate)
    {
        if (string.IsNullOrWhiteSpace(localDate))
        {
            return null;
        }

        var date = DateOnly.ParseExact(localDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);
    }
}
