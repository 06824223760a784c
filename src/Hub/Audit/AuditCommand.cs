using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// <c>audit verify [--file export.jsonl] [--public-key key.pem]</c> walks the store's chain (or an exported file),
/// checks every signed checkpoint, and reports the first break or that it is whole (exit code 1 when broken);
/// <c>audit export --from T --to T [--out F]</c> writes a time range and its checkpoints as JSON Lines;
/// <c>audit public-key</c> prints the checkpoint public key for an inspector to keep.
/// </summary>
public static class AuditCommand
{
    private const string Usage = "usage: audit verify [--file <export.jsonl>] [--public-key <key.pem>] | " +
        "audit export --from <time> --to <time> [--out <file>] | audit public-key";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = Options(args.Skip(1).ToArray());
        switch (args.FirstOrDefault())
        {
            case "verify" when options is not null:
                return await VerifyAsync(services, options);
            case "public-key" when options is { Count: 0 }:
                Console.Write(services.GetRequiredService<CheckpointSigner>().PublicKey.Pem);
                Console.WriteLine();
                return 0;
            case "export" when options is not null
                && TryTime(options.GetValueOrDefault("--from"), out var from) && TryTime(options.GetValueOrDefault("--to"), out var to):
                await using (var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync())
                {
                    var output = options.TryGetValue("--out", out var path) ? File.CreateText(path) : Console.Out;
                    var (entries, checkpoints) = await AuditExport.WriteAsync(
                        db, services.GetRequiredService<CheckpointStore>(), from, to, output, CancellationToken.None);
                    await output.FlushAsync();
                    if (path is not null)
                    {
                        output.Dispose();
                        Console.WriteLine($"Exported {entries} entries and {checkpoints} signed checkpoints to {path}.");
                    }
                }

                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        ChainReport report;
        try
        {
            // An inspector's own copy of the public key when given; else the hub's key file.
            using var key = options.TryGetValue("--public-key", out var keyFile)
                ? CheckpointKey.FromPemFile(keyFile)
                : CheckpointKey.FromPem(services.GetRequiredService<CheckpointSigner>().PublicKey.Pem);
            if (options.TryGetValue("--file", out var file))
            {
                report = AuditChain.VerifyExport(file, key);
            }
            else
            {
                await using var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
                report = await AuditChain.VerifyStoreAsync(db, services.GetRequiredService<CheckpointStore>(), key, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is CheckpointKeyException or InvalidDataException or JsonException or IOException)
        {
            Console.Error.WriteLine($"Audit chain could not be verified: {ex.Message}");
            return 2;
        }

        Console.WriteLine(AuditChain.Describe(report));
        return report.IsWhole ? 0 : 1;
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
