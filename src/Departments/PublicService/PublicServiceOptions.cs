using System.CommandLine;

namespace DataHub.Departments.PublicService;

/// <summary>
/// How the public-service app runs: where it listens, the hub, the civil registry's write API, and the civil registry's
/// client secret (from <c>DATAHUB_CLIENT_SECRET</c>; the app acts as so-tu-phap, the department that owns the procedure).
/// </summary>
public sealed record PublicServiceOptions(string Url, Uri Hub, Uri CivilRegistry, string ClientSecret)
{
    public const string Department = "so-tu-phap";

    public int? ExitWithProcessId { get; init; }

    /// <summary>
    /// Reads <c>--urls</c>, <c>--hub</c>, <c>--civil-registry</c> and <c>--exit-with</c> (<see cref="DepartmentCommandLine"/>).
    /// Null after <c>--help</c> or a usage error, with the exit code to return.
    /// </summary>
    public static PublicServiceOptions? Read(string[] args, TextWriter output, TextWriter errors, out int exitCode)
    {
        var urls = new Option<string>("--urls") { Description = "Where the app listens (default http://127.0.0.1:5083).", HelpName = "url", DefaultValueFactory = _ => "http://127.0.0.1:5083" };
        var hub = DepartmentCommandLine.Address("--hub", "The hub (default http://127.0.0.1:5080).", "http://127.0.0.1:5080");
        var registry = DepartmentCommandLine.Address("--civil-registry", "The civil registry's write API (default http://127.0.0.1:5081).", "http://127.0.0.1:5081");
        var exitWith = DepartmentCommandLine.ExitWith();
        var root = new RootCommand($"The online public service (dịch vụ công trực tuyến) for birth and death registration, acting as {Department}. "
            + $"Its client secret comes from {DepartmentCommandLine.SecretVariable}.")
        {
            urls, hub, registry, exitWith,
        };
        DepartmentCommandLine.RequireSecret(root);
        return DepartmentCommandLine.Read(root, args,
            parsed => new PublicServiceOptions(parsed.GetValue(urls)!, parsed.GetValue(hub)!, parsed.GetValue(registry)!, DepartmentCommandLine.Secret())
            {
                ExitWithProcessId = parsed.GetValue(exitWith),
            }, output, errors, out exitCode);
    }
}
