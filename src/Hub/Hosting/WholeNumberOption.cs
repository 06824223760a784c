using System.CommandLine;
using System.Globalization;

namespace DataHub.Hub.Hosting;

/// <summary>
/// Holds a whole-number option of a hub command to a range. The value is read from the option's own token: a value
/// that is not a number at all is System.CommandLine's own parse error ("Cannot parse argument"), which it reports, and
/// reading it as a number here would throw instead of printing it.
/// </summary>
public static class WholeNumberOption
{
    public static void Within(Option option, long min, long max, string message) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(message);
            }
        });
}
