using System.Globalization;
using DataHub.Departments.LienThong;

namespace DataHub.Departments.PublicService;

/// <summary>
/// How the public-service app runs: where it listens, the hub, the civil registry's write API, and the civil registry's
/// client secret (from <c>DATAHUB_CLIENT_SECRET</c>; the app acts as so-tu-phap, the department that owns the procedure).
/// </summary>
public sealed record PublicServiceOptions(string Url, Uri Hub, Uri CivilRegistry, string ClientSecret)
{
    public const string Department = "so-tu-phap";

    public const string Usage = "--urls http://127.0.0.1:5083 --hub http://127.0.0.1:5080 --civil-registry http://127.0.0.1:5081 [--exit-with <process id>] (secret in DATAHUB_CLIENT_SECRET)";

    public int? ExitWithProcessId { get; init; }

    public static PublicServiceOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string url = "http://127.0.0.1:5083";
        Uri hub = new("http://127.0.0.1:5080"), registry = new("http://127.0.0.1:5081");
        int? exitWith = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"'{args[i]}' needs a value. Usage: {Usage}");
            switch (args[i - 1])
            {
                case "--urls":
                    url = value;
                    break;
                case "--hub":
                    hub = new Uri(value, UriKind.Absolute);
                    break;
                case "--civil-registry":
                    registry = new Uri(value, UriKind.Absolute);
                    break;
                case "--exit-with":
                    exitWith = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"'{args[i - 1]}' is not understood. Usage: {Usage}");
            }
        }

        var secret = Environment.GetEnvironmentVariable(WorkerOptions.SecretVariable);
        return new PublicServiceOptions(url, hub, registry,
            string.IsNullOrEmpty(secret) ? throw new ArgumentException($"{WorkerOptions.SecretVariable} is not set. Usage: {Usage}") : secret)
        {
            ExitWithProcessId = exitWith,
        };
    }
}
