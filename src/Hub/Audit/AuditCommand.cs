using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// <c>audit verify [--file export.jsonl]</c> walks the store's chain (or an exported file) and reports the first
/// broken link or that it is whole; <c>audit export --from T --to T [--out F]</c> writes a time range as JSON Lines.
/// </summary>
public static class AuditCommand
{
    private const string Usage = "usage: audit verify [--file <export.jsonl>] | audit export --from <time> --to <time> [--out <file>]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = Options(args.Skip(1).ToArray());
        switch (args.FirstOrDefault())
        {
            case "verify" when options is not null:
                var report = options.TryGetValue("--file", out var file)
                    ? AuditChain.VerifyExport(file)
                    : await VerifyStoreAsync(services);
                Console.WriteLine(AuditChain.Describe(report));
                return report.IsWhole ? 0 : 1;
            case "export" when options is not null
                && TryTime(options.GetValueOrDefault("--from"), out var from) && TryTime(options.GetValueOrDefault("--to"), out var to):
                await using (var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync())
                {
                    var output = options.TryGetValue("--out", out var path) ? File.CreateText(path) : Console.Out;
                    var count = await AuditExport.WriteAsync(db, from, to, output, CancellationToken.None);
                    await output.FlushAsync();
                    if (path is not null)
                    {
                        output.Dispose();
                        Console.WriteLine($"Exported {count} entries to {path}.");
                    }
                }

                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<ChainReport> VerifyStoreAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await AuditChain.VerifyStoreAsync(db, CancellationToken.None);
    }

    private static Dictionary<string, string>? Options(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            return null;
        }

        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        return options;
    }

    private static bool TryTime(string? text, out DateTime time) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
}

/// <summary>Exports entries in a time range, chain hashes included, one JSON object per line.</summary>
public static class AuditExport
{
    public static async Task<int> WriteAsync(AuditDbContext db, DateTime from, DateTime to, TextWriter output, CancellationToken cancellationToken)
    {
        var count = 0;
        var entries = db.Entries.AsNoTracking().Where(e => e.Timestamp >= from && e.Timestamp < to).OrderBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            entry.Timestamp = DateTime.SpecifyKind(entry.Timestamp, DateTimeKind.Utc);
            await output.WriteLineAsync(JsonSerializer.Serialize(entry, AuditChain.ExportJson));
            count++;
        }

        return count;
    }
}
