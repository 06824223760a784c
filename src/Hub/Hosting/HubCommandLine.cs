using System.CommandLine;
using DataHub.Hub.Audit;
using DataHub.Hub.Documents;
using DataHub.Hub.Identity;
using DataHub.Hub.Quality;
using DataHub.Hub.Seeding;

namespace DataHub.Hub.Hosting;

/// <summary>
/// The hub's command line (System.CommandLine): <c>token</c>, <c>audit verify|export|public-key</c>, <c>seed</c>, <c>documents push</c> and <c>quality run|recheck</c>,
/// each with <c>--help</c>. Exit codes are the same for every command: 0 done, 1 failed (or, for <c>audit verify</c>,
/// the chain is broken), 2 not run (a usage error, bad input, or a hub that cannot start: the reason on stderr).
/// Without a command the hub starts and serves.
/// </summary>
public static class HubCommandLine
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int NotRun = 2;

    private static readonly string[] Commands = ["token", "audit", "seed", "documents", "quality"];

    /// <summary>True when the arguments name a command (or ask for help) rather than start the server.</summary>
    /// <summary>
    /// Added to the host's arguments by Program: the host's own switch that makes it read appsettings*.json once, with no
    /// file watcher (ASP.NET Core's watcher covers the whole content root, data folder included).
    /// </summary>
    public const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    public static bool IsCommand(string[] args) => args is [var first, ..] && (Commands.Contains(first) || first is "--help" or "-h" or "-?");

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        var host = new PreparedHost(builder);
        var root = new RootCommand("DataHub: one governed GraphQL endpoint over a province's databases. Without a command, the hub starts and serves.")
        {
            TokenCommand.Create(host.GetAsync),
            AuditCommand.Create(host.GetAsync),
            DemoData.SeedCommand(builder.Configuration, builder.Environment.ContentRootPath),
            DocumentsCommand.Create(host.GetAsync),
            QualityCommand.Create(host.GetWithSourcesAsync),
        };
        return await InvokeAsync(root, args, Console.Error);
    }

    /// <summary>Parses and runs one command line: usage errors are reported the same way for every command.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter errors)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
        {
            var command = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : CommandPath(parsed));
            foreach (var error in parsed.Errors)
            {
                await errors.WriteLineAsync($"{(command.Length == 0 ? "datahub" : command)}: {error.Message}");
            }

            await errors.WriteLineAsync($"See '{(command.Length == 0 ? "" : command + " ")}--help'.");
            return NotRun;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is CommandNotRunException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // A hub that cannot start (a bad setting, the local issuer in Production): the reason, never a stack trace.
            await errors.WriteLineAsync(ex.Message);
            return NotRun;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }

    /// <summary>The hub's services, built and prepared (demo data, schema, registry, audit store) on first use only.</summary>
    private sealed class PreparedHost(WebApplicationBuilder builder)
    {
        private WebApplication? _app;

        public Task<IServiceProvider> GetAsync() => GetAsync(withDemoDepartments: false);

        /// <summary>For commands that read the sources (<c>quality</c>): the demo department services too, when enabled.</summary>
        public Task<IServiceProvider> GetWithSourcesAsync() => GetAsync(withDemoDepartments: true);

        private async Task<IServiceProvider> GetAsync(bool withDemoDepartments)
        {
            if (_app is null)
            {
                var app = builder.Build();
                if (withDemoDepartments)
                {
                    // The children watch this process (--exit-with) and end with the command.
                    app.StartDemoDepartments();
                }

                if (await app.PrepareDataHubAsync() is { } problem)
                {
                    throw new CommandNotRunException(problem);
                }

                _app = app;
            }

            return _app.Services;
        }
    }
}
