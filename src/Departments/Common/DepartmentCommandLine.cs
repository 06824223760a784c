using System.CommandLine;
using System.CommandLine.Parsing;

namespace DataHub.Departments;

/// <summary>
/// The one command-line reader of the department programs (the two department services, the liên thông workers, the
/// public-service app), on System.CommandLine as the hub's own commands: <c>--help</c> prints the usage (exit 0); an
/// unknown, malformed or missing option prints what is wrong and <c>See '--help'.</c> on stderr, and nothing starts
/// (exit 2). Each program's options type declares its options and builds itself from the parse result.
/// </summary>
public static class DepartmentCommandLine
{
    public const int Done = 0;

    /// <summary>Not started: a usage error (the reason on stderr).</summary>
    public const int NotRun = 2;

    /// <summary>Where a department's client secret comes from: the environment, never the command line (other users can read it there).</summary>
    public const string SecretVariable = "DATAHUB_CLIENT_SECRET";

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="root"/>: the options built by <paramref name="read"/>, or null
    /// after the help (<paramref name="exitCode"/> 0) or the errors (<paramref name="exitCode"/> 2) were written.
    /// </summary>
    public static T? Read<T>(RootCommand root, string[] args, Func<ParseResult, T> read, TextWriter output, TextWriter errors, out int exitCode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(errors);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            // Help wins over any other mistake on the line, as with the hub's commands.
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = errors });
            exitCode = Done;
            return null;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine($"{root.Name}: {error.Message}");
            }

            errors.WriteLine("See '--help'.");
            exitCode = NotRun;
            return null;
        }

        exitCode = Done;
        return read(parsed);
    }

    /// <summary>A URL option (<c>--hub</c>, <c>--civil-registry</c>): absolute http(s) only; required when it has no default.</summary>
    public static Option<Uri> Address(string name, string description, string? defaultValue = null)
    {
        var option = new Option<Uri>(name)
        {
            Description = description,
            HelpName = "url",
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0 && defaultValue is not null)
                {
                    return new Uri(defaultValue, UriKind.Absolute);
                }

                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"{name}: '{text}' is not an absolute http(s) URL.");
                return null;
            },
        };
        if (defaultValue is null)
        {
            option.Required = true;
        }
        else
        {
            option.DefaultValueFactory = _ => new Uri(defaultValue, UriKind.Absolute);
        }

        return option;
    }

    /// <summary><c>--exit-with</c>: the process (the hub that started this one) whose end ends this one too.</summary>
    public static Option<int?> ExitWith() => new("--exit-with")
    {
        Description = "A process id (the hub that started this program): when it ends, this program ends too.",
        HelpName = "process id",
        CustomParser = result => WholeNumber(result, "--exit-with", 1, int.MaxValue),
    };

    /// <summary>A whole-number option without a default (<c>--citizens</c>): null when absent, named in its error.</summary>
    public static Option<int?> OptionalNumber(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result => WholeNumber(result, name, min, max),
    };

    /// <summary>A whole-number option with a default and an inclusive range, named in its error.</summary>
    public static Option<int> Number(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} ({min} to {max}; default {defaultValue}).",
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => result.Tokens.Count == 0 ? defaultValue : WholeNumber(result, name, min, max) ?? defaultValue,
    };

    // Parsing and the range check in one place: a validator that reads a value System.CommandLine could not parse throws.
    private static int? WholeNumber(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name}: '{text}' is not a whole number.");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError(max == int.MaxValue ? $"{name} must be {min} or more." : $"{name} must be from {min} to {max}.");
            return null;
        }

        return value;
    }

    /// <summary>The program refuses to start without its client secret in <see cref="SecretVariable"/>.</summary>
    public static void RequireSecret(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SecretVariable)))
            {
                result.AddError($"{SecretVariable} is not set: the department's client secret comes from the environment, never from the command line.");
            }
        });
    }

    /// <summary>The client secret <see cref="RequireSecret"/> checked.</summary>
    public static string Secret() => Environment.GetEnvironmentVariable(SecretVariable) ?? "";
}
