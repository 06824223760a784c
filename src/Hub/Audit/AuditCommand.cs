using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataHub.Hub.Hosting;
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
    public static Command Create(Func<Task<IServiceProvider>> services)
    {
        var file = new Option<string>("--file") { Description = "Verify an exported file (JSON Lines) instead of the hub's store.", HelpName = "export.jsonl" };
        var publicKey = new Option<string>("--public-key") { Description = "The checkpoint public key to trust (PEM); default: the hub's own.", HelpName = "key.pem" };
        var verify = new Command("verify", "Walk the audit chain and check every signed checkpoint; exit code 1 when it is broken.") { file, publicKey };
        verify.SetAction(async (parsed, _) => await VerifyAsync(await services(), parsed.GetValue(file), parsed.GetValue(publicKey)));

        var from = new Option<string>("--from") { Description = "Start of the range (ISO 8601, UTC unless it says otherwise).", HelpName = "time", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (ISO 8601).", HelpName = "time", Required = true };
        var output = new Option<string>("--out") { Description = "Write to this file instead of standard output.", HelpName = "file" };
        foreach (var time in new[] { from, to })
        {
            time.Validators.Add(result =>
            {
                if (!TryTime(result.GetValueOrDefault<string>(), out _))
                {
                    result.AddError($"{result.Option.Name} is not a time (e.g. 2026-01-31T00:00:00Z).");
                }
            });
        }

        var export = new Command("export", "Write the entries of a time range and their signed checkpoints as JSON Lines.") { from, to, output };
        export.SetAction(async (parsed, cancellationToken) =>
        {
            TryTime(parsed.GetValue(from), out var start);
            TryTime(parsed.GetValue(to), out var end);
            return await ExportAsync(await services(), start, end, parsed.GetValue(output), cancellationToken);
        });

        var key = new Command("public-key", "Print the checkpoint public key (PEM), for an inspector to keep.");
        key.SetAction(async _ =>
        {
            Console.Write((await services()).GetRequiredService<CheckpointSigner>().PublicKey.Pem);
            Console.WriteLine();
            return HubCommandLine.Done;
        });

        return new Command("audit", "Verify, export and inspect the hash-chained audit log.") { verify, export, key };
    }

    private static async Task<int> ExportAsync(IServiceProvider services, DateTime from, DateTime to, string? path, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync(cancellationToken);
        var output = path is not null ? File.CreateText(path) : Console.Out;
        var (entries, checkpoints) = await AuditExport.WriteAsync(db, services.GetRequiredService<CheckpointStore>(), from, to, output, cancellationToken);
        await output.FlushAsync(cancellationToken);
        if (path is not null)
        {
            output.Dispose();
            Console.WriteLine($"Exported {entries} entries and {checkpoints} signed checkpoints to {path}.");
        }

        return HubCommandLine.Done;
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, string? file, string? keyFile)
    {
        ChainReport report;
        try
        {
            // An inspector's own copy of the public key when given; else the hub's key file.
            using var key = keyFile is not null
                ? CheckpointKey.FromPemFile(keyFile)
                : CheckpointKey.FromPem(services.GetRequiredService<CheckpointSigner>().PublicKey.Pem);
            if (file is not null)
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
            return HubCommandLine.NotRun;
        }

        Console.WriteLine(AuditChain.Describe(report));
        return report.IsWhole ? HubCommandLine.Done : HubCommandLine.Failed;
    }

    private static bool TryTime(string? text, out DateTime time) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
}
