using System.Globalization;
using DataHub.SyntheticData;

namespace DataHub.Departments;

/// <summary>
/// How a demo department service runs: where it listens, where its SQLite file lives and which seed it is built
/// from. The seed must be the one population.db was built from, so the department knows the same citizens.
/// </summary>
public sealed record DepartmentOptions(string Url, string DataDirectory, SeedOptions Seed)
{
    public const string Usage = "[--urls http://127.0.0.1:5081] [--data <folder>] [--citizens N] [--seed S] [--exit-with <process id>]";

    /// <summary>A process (the hub that started this service) whose end ends this service too; null: none.</summary>
    public int? ExitWithProcessId { get; init; }

    /// <summary>
    /// Reads <c>--urls</c>, <c>--data</c>, <c>--citizens</c> and <c>--seed</c>. Without <c>--citizens</c>/<c>--seed</c>,
    /// the options of <c>population.db</c> in the data folder's parent are used when it exists (the hub's layout).
    /// </summary>
    public static DepartmentOptions Parse(string[] args, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(args);
        string url = defaultUrl, data = Path.GetFullPath("data/departments");
        int? citizens = null, seed = null, exitWith = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"'{args[i]}' needs a value. Usage: {Usage}");
            switch (args[i - 1])
            {
                case "--urls":
                    url = value;
                    break;
                case "--data":
                    data = Path.GetFullPath(value);
                    break;
                case "--citizens":
                    citizens = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--exit-with":
                    exitWith = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"'{args[i - 1]}' is not understood. Usage: {Usage}");
            }
        }

        var population = DepartmentDataSeeder.ReadSeedOptions(Path.Combine(Path.GetDirectoryName(data) ?? data, DemoDataSeeder.PopulationFile));
        var defaults = population ?? new SeedOptions();
        return new DepartmentOptions(url, data, defaults with { Citizens = citizens ?? defaults.Citizens, RandomSeed = seed ?? defaults.RandomSeed })
        {
            ExitWithProcessId = exitWith,
        };
    }
}
