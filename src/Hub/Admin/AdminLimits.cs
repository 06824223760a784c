namespace DataHub.Hub.Admin;

/// <summary>
/// Bounds on what a caller may send the admin API: the registry keeps every text and list it is given, and a
/// department may call <c>requestAccess</c> itself, so nothing it stores may be unbounded. Over a bound: INVALID_ARGUMENT.
/// </summary>
public static class AdminLimits
{
    /// <summary>Justifications, reasons and legal bases.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>Names, owning agencies, application ids, field names.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Fields of one request, grant or consent; departments of one purpose.</summary>
    public const int MaxListLength = 100;

    public static string? Text(string? value, string argument, int max = MaxTextLength) => value is { Length: var length } && length > max
        ? throw AdminErrors.Error(AdminErrors.InvalidArgument,
            $"'{argument}' is {length} characters long; at most {max} are kept. Shorten it.", ("argument", argument), ("maxLength", max))
        : value;

    public static IReadOnlyCollection<string> List(IReadOnlyCollection<string> values, string argument)
    {
        if (values.Count > MaxListLength)
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument,
                $"'{argument}' names {values.Count} entries; at most {MaxListLength} go in one change. Split it.",
                ("argument", argument), ("maxCount", MaxListLength));
        }

        foreach (var value in values)
        {
            Text(value, argument, MaxNameLength);
        }

        return values;
    }
}
