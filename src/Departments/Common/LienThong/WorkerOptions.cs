using System.CommandLine;

namespace DataHub.Departments.LienThong;

/// <summary>
/// How a department worker runs: the hub it reads and publishes through, its department (client id) and secret for the
/// client-credentials grant, and its own database. The secret comes from the environment
/// (<c>DATAHUB_CLIENT_SECRET</c>), never from the command line where other users could read it.
/// </summary>
public sealed record WorkerOptions(Uri Hub, string Department, string ClientSecret, string Database)
{
    public const string SecretVariable = DepartmentCommandLine.SecretVariable;

    /// <summary>A process (the hub that started this worker) whose end ends this worker too; null: none.</summary>
    public int? ExitWithProcessId { get; init; }

    /// <summary>How long the worker waits before reading the hub again once it has caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times one event is tried before it is parked (<see cref="ParkedEvents"/>) and the queue moves on.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after an event's first failed attempt; it doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts of one event.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 of one event (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)), MaxRetryDelay.TotalMilliseconds));

    /// <summary>
    /// Reads <c>--hub</c>, <c>--database</c> (both required), <c>--poll-ms</c>, <c>--max-attempts</c>, <c>--retry-ms</c> and
    /// <c>--exit-with</c> (<see cref="DepartmentCommandLine"/>). Null after <c>--help</c> or a usage error, with the exit code.
    /// </summary>
    public static WorkerOptions? Read(string[] args, string department, TextWriter output, TextWriter errors, out int exitCode)
    {
        var hub = DepartmentCommandLine.Address("--hub", "The hub the worker reads its events from and publishes its answers to.");
        var database = new Option<string>("--database") { Description = "The department's own SQLite file the worker writes.", HelpName = "file", Required = true };
        var poll = DepartmentCommandLine.Number("--poll-ms", "Milliseconds between two reads of the hub once the worker has caught up", 500, 50, 60_000);
        var attempts = DepartmentCommandLine.Number("--max-attempts", "Attempts at one event before it is parked and the worker moves on", 5, 1, 100);
        var retry = DepartmentCommandLine.Number("--retry-ms", "Milliseconds before an event's second attempt; doubling after each further one, at most a minute", 1_000, 10, 60_000);
        var exitWith = DepartmentCommandLine.ExitWith();
        var root = new RootCommand($"The {department} liên thông worker: reads the events it receives through the hub, writes the department's own "
            + $"database, publishes its answers. Its client secret comes from {SecretVariable}.")
        {
            hub, database, poll, attempts, retry, exitWith,
        };
        DepartmentCommandLine.RequireSecret(root);
        return DepartmentCommandLine.Read(root, args, parsed => new WorkerOptions(parsed.GetValue(hub)!, department, DepartmentCommandLine.Secret(),
            Path.GetFullPath(parsed.GetValue(database)!))
        {
            ExitWithProcessId = parsed.GetValue(exitWith),
            PollInterval = TimeSpan.FromMilliseconds(parsed.GetValue(poll)),
            MaxAttempts = parsed.GetValue(attempts),
            RetryDelay = TimeSpan.FromMilliseconds(parsed.GetValue(retry)),
        }, output, errors, out exitCode);
    }
}
