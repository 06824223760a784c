using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataHub.Hub.Hosting;
using DataHub.SyntheticData;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Seeding;

/// <summary>The demo databases: created on first start, or at any size by the <c>seed</c> command.</summary>
public static partial class DemoData
{
    /// <summary>Seeds the data folder on start when the demo databases are missing (the embedded default).</summary>
    public static WebApplication EnsureDemoData(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var directory = options.ResolvePath(app.Environment.ContentRootPath, options.DataDirectory);
        if (!options.SeedDemoDataOnStart || DemoDataSeeder.IsSeeded(directory))
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataHub.Seeding");
        LogSeeding(logger, options.DemoCitizens, directory);
        var lastPercent = -10;
        var summary = DemoDataSeeder.Seed(directory, new SeedOptions(options.DemoCitizens, DiscrepancyRate: options.DemoDiscrepancyRate), new SyncProgress(p =>
        {
            var percent = p.Total == 0 ? 100 : (int)(p.Done * 100 / p.Total);
            if (percent >= lastPercent + 10 || p.Done == p.Total)
            {
                lastPercent = percent;
                LogProgress(logger, p.Stage, percent);
            }
        }));
        LogSeeded(logger, summary.Citizens, summary.Households, summary.LandParcels, summary.BenefitCases, summary.Elapsed.TotalSeconds);
        return app;
    }

    /// <summary>
    /// <c>seed [--citizens N] [--seed S] [--discrepancies RATE] [--data DIR] [--postgres CS]</c>: builds the demo databases
    /// with a progress bar, damaged at RATE (<c>0.5%</c> or <c>0.005</c>) and listed in <c>discrepancies.json</c>.
    /// </summary>
    public static Command SeedCommand(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DataHubOptions.SectionName).Get<DataHubOptions>() ?? new DataHubOptions();
        var citizensOption = new Option<int>("--citizens")
        {
            Description = "How many citizens (10 to 10,000,000).",
            DefaultValueFactory = _ => options.DemoCitizens,
        };
        WholeNumberOption.Within(citizensOption, 10, 10_000_000, "--citizens must be from 10 to 10,000,000.");
        var seedOption = new Option<int>("--seed") { Description = "The random seed: the same seed gives the same rows.", DefaultValueFactory = _ => new SeedOptions().RandomSeed };
        var discrepanciesOption = new Option<string>("--discrepancies")
        {
            Description = $"The share of records to damage, listed in {DiscrepancyManifest.FileName} (0 to 20%, e.g. 0.5% or 0.005).",
            HelpName = "rate",
        };
        discrepanciesOption.Validators.Add(result =>
        {
            if (!TryParseRate(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--discrepancies must be a rate from 0 to 20% (e.g. 0.5% or 0.005).");
            }
        });
        var dataOption = new Option<string>("--data") { Description = "The folder to write (default: DataHub:DataDirectory).", HelpName = "folder" };
        var postgresOption = new Option<string>("--postgres")
        {
            Description = "Also copy the SQL sources into this PostgreSQL database (never printed).",
            HelpName = "connection string",
        };
        var command = new Command("seed", "Build the deterministic synthetic demo databases.") { citizensOption, seedOption, discrepanciesOption, dataOption, postgresOption };
        command.SetAction(parsed => Seed(
            parsed.GetValue(citizensOption), parsed.GetValue(seedOption),
            parsed.GetValue(discrepanciesOption) is { } rate && TryParseRate(rate, out var parsedRate) ? parsedRate : options.DemoDiscrepancyRate,
            parsed.GetValue(dataOption) is { } data ? Path.GetFullPath(data) : options.ResolvePath(contentRoot, options.DataDirectory),
            parsed.GetValue(postgresOption)));
        return command;
    }

    private static int Seed(int citizens, int randomSeed, double discrepancyRate, string directory, string? postgres)
    {
        Console.WriteLine($"Seeding {citizens:N0} citizens (seed {randomSeed}, discrepancies {discrepancyRate:0.###%}) into {directory}");
        var bar = new ProgressBar(Console.Out, !Console.IsOutputRedirected);
        var summary = DemoDataSeeder.Seed(directory, new SeedOptions(citizens, randomSeed, discrepancyRate), new SyncProgress(bar.Report));
        bar.Finish();
        Console.WriteLine($"Done in {summary.Elapsed.TotalSeconds:F1}s: {summary.Citizens:N0} citizens, {summary.Households:N0} households, " +
            $"{summary.LandParcels:N0} land parcels, {summary.LandUseRights:N0} land use rights, {summary.BenefitCases:N0} benefit cases, " +
            $"{summary.Discrepancies:N0} damaged records (listed in {DiscrepancyManifest.FileName}).");
        if (postgres is not null)
        {
            // The connection string comes from the command line or the environment, and is never printed.
            Console.WriteLine("Copying the demo sources into PostgreSQL (schemas population, land, social-welfare)...");
            var rows = PostgresDemoData.CopyAsync(directory, postgres, table => Console.WriteLine("  copied " + table)).GetAwaiter().GetResult();
            Console.WriteLine($"Copied {rows:N0} rows.");
        }

        return 0;
    }

    /// <summary>A rate as <c>0.5%</c> or <c>0.005</c>, between 0 and <see cref="SeedOptions.MaxDiscrepancyRate"/>.</summary>
    internal static bool TryParseRate(string? text, out double rate)
    {
        rate = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        rate = percent ? value / 100 : value;
        return rate is >= 0 and <= SeedOptions.MaxDiscrepancyRate;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating the demo databases ({Citizens} citizens) in {Directory}")]
    private static partial void LogSeeding(ILogger logger, int citizens, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding {Stage}: {Percent}%")]
    private static partial void LogProgress(ILogger logger, string stage, int percent);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo data ready: {Citizens} citizens, {Households} households, {Parcels} parcels, {Cases} benefit cases in {Seconds:F1}s")]
    private static partial void LogSeeded(ILogger logger, int citizens, int households, int parcels, int cases, double seconds);

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SyncProgress(Action<SeedProgress> report) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => report(value);
    }

    /// <summary>A one-line progress bar; plain lines when the output is not a terminal.</summary>
    private sealed class ProgressBar(TextWriter output, bool interactive)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string _stage = "";
        private int _lastPercent = -1;

        public void Report(SeedProgress progress)
        {
            var percent = progress.Total == 0 ? 100 : (int)(progress.Done * 100 / progress.Total);
            if (progress.Stage == _stage && percent == _lastPercent)
            {
                return;
            }

            if (progress.Stage != _stage && _stage.Length > 0 && interactive)
            {
                output.WriteLine();
            }

            if (!interactive && progress.Stage == _stage && percent % 10 != 0)
            {
                _lastPercent = percent;
                return;
            }

            _stage = progress.Stage;
            _lastPercent = percent;
            var filled = percent / 5;
            var line = $"{progress.Stage,-9} [{new string('#', filled)}{new string('.', 20 - filled)}] {percent,3}% " +
                $"{progress.Done:N0}/{progress.Total:N0}  {_clock.Elapsed.TotalSeconds:F1}s";
            if (interactive)
            {
                output.Write("\r" + line);
            }
            else
            {
                output.WriteLine(line);
            }
        }

        public void Finish()
        {
            if (interactive)
            {
                output.WriteLine();
            }
        }
    }
}
