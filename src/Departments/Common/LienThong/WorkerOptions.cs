using System.Globalization;

namespace DataHub.Departments.LienThong;

/// <summary>
/// How a department worker runs: the hub it reads and publishes through, its department (client id) and secret for the
/// client-credentials grant, and its own database. The secret comes from the environment
/// (<c>DATAHUB_CLIENT_SECRET</c>), never from the command line where other users could read it.
/// </summary>
public sealed record WorkerOptions(Uri Hub, string Department, string ClientSecret, string Database)
{
    public const string SecretVariable = "DATAHUB_CLIENT_SECRET";

    public const string Usage = "--hub http://127.0.0.1:5080 --database <its SQLite file> [--poll-ms 500] [--exit-with <process id>] (secret in DATAHUB_CLIENT_SECRET)";

    /// <summary>A process (the hub that started this worker) whose end ends this worker too; null: none.</summary>
    public int? ExitWithProcessId { get; init; }

    /// <summary>How long the worker waits before reading the hub again once it has caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public static WorkerOptions Parse(string[] args, string department)
    {
        ArgumentNullException.ThrowIfNull(args);
        Uri? hub = null;
        string? database = null;
        int? exitWith = null;
        var poll = 500;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"'{args[i]}' needs a value. Usage: {Usage}");
            switch (args[i - 1])
            {
                case "--hub":
                    hub = new Uri(value, UriKind.Absolute);
                    break;
                case "--database":
                    database = Path.GetFullPath(value);
                    break;
                case "--poll-ms":
                    poll = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--exit-with":
                    exitWith = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"'{args[i - 1]}' is not understood. Usage: {Usage}");
            }
        }

        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        return new WorkerOptions(
            hub ?? throw new ArgumentException($"--hub is required. Usage: {Usage}"),
            department,
            string.IsNullOrEmpty(secret) ? throw new ArgumentException($"{SecretVariable} is not set. Usage: {Usage}") : secret,
            database ?? throw new ArgumentException($"--database is required. Usage: {Usage}"))
        {
            ExitWithProcessId = exitWith,
            PollInterval = TimeSpan.FromMilliseconds(Math.Clamp(poll, 50, 60_000)),
        };
    }
}
