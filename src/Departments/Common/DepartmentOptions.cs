using System.CommandLine;
using DataHub.SyntheticData;

namespace DataHub.Departments;

/// <summary>
/// How a demo department service runs: where it listens, where its SQLite file lives and which seed it is built
/// from. The seed must be the one population.db was built from, so the department knows the same citizens.
/// </summary>
public sealed record DepartmentOptions(string Url, string DataDirectory, SeedOptions Seed)
{
    /// <summary>A process (the hub that started this service) whose end ends this service too; null: none.</summary>
    public int? ExitWithProcessId { get; init; }

    /// <summary>
    /// Reads <c>--urls</c>, <c>--data</c>, <c>--citizens</c>, <c>--seed</c> and <c>--exit-with</c> (<see cref="DepartmentCommandLine"/>).
    /// Without <c>--citizens</c>/<c>--seed</c>, the options of <c>population.db</c> in the data folder's parent are used
    /// when it exists (the hub's layout). Null after <c>--help</c> or a usage error, with the exit code to return.
    /// </summary>
    public static DepartmentOptions? Read(string[] args, string defaultUrl, string description, TextWriter output, TextWriter errors, out int exitCode)
    {
        var urls = new Option<string>("--urls") { Description = $"Where the service listens (default {defaultUrl}).", HelpName = "url", DefaultValueFactory = _ => defaultUrl };
        var data = new Option<string>("--data")
        {
            Description = "The folder of the department's SQLite file (default data/departments).",
            HelpName = "folder",
            DefaultValueFactory = _ => "data/departments",
        };
        var citizens = DepartmentCommandLine.OptionalNumber("--citizens", "How many citizens the seed has (default: as population.db beside the folder).", 1, int.MaxValue);
        var seed = DepartmentCommandLine.OptionalNumber("--seed", "The random seed of the demo data (default: as population.db beside the folder).", int.MinValue, int.MaxValue);
        var exitWith = DepartmentCommandLine.ExitWith();
        var root = new RootCommand(description) { urls, data, citizens, seed, exitWith };
        return DepartmentCommandLine.Read(root, args, parsed =>
        {
            var folder = Path.GetFullPath(parsed.GetValue(data)!);
            var population = DepartmentDataSeeder.ReadSeedOptions(Path.Combine(Path.GetDirectoryName(folder) ?? folder, DemoDataSeeder.PopulationFile));
            var defaults = population ?? new SeedOptions();
            return new DepartmentOptions(parsed.GetValue(urls)!, folder,
                defaults with { Citizens = parsed.GetValue(citizens) ?? defaults.Citizens, RandomSeed = parsed.GetValue(seed) ?? defaults.RandomSeed })
            {
                ExitWithProcessId = parsed.GetValue(exitWith),
            };
        }, output, errors, out exitCode);
    }
}
