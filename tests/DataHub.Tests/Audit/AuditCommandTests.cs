using System.Runtime.Versioning;
using DataHub.Hub.Audit;
using DataHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataHub.Tests.Audit;

/// <summary><c>audit verify</c>, <c>audit export</c> and <c>audit public-key</c> as an operator or inspector runs them.</summary>
// File modes are Unix ones; the hub runs on Linux.
[UnsupportedOSPlatform("windows")]
[Collection(HubCollection.Name)]
public sealed class AuditCommandTests(DemoDataFixture data) : IDisposable
{
    private readonly string _name = Guid.NewGuid().ToString("N");

    private string AuditFile => Path.Combine(data.DataDirectory, $"audit-cli-{_name}.db");

    private string KeyFile => Path.Combine(data.DataDirectory, $"keys-{_name}", "audit-checkpoint.key");

    private string CheckpointFile => Path.Combine(data.DataDirectory, $"audit-checkpoints-cli-{_name}.jsonl");

    private Dictionary<string, string> Settings => new()
    {
        ["ConnectionStrings__Audit"] = $"Data Source={AuditFile};Pooling=False",
        ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-cli-{_name}.db")};Pooling=False",
        ["Audit__Checkpoints__KeyFile"] = KeyFile,
        ["Audit__Checkpoints__File"] = CheckpointFile,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task Verify_exits_1_and_names_the_checkpoint_once_an_entry_is_rewritten_and_rehashed()
    {
        await WriteSignedChainAsync(7);
        var whole = await HubProcess.RunCommandAsync(data.DataDirectory, Settings, "audit", "verify");
        await RewriteEntryTwoAsync();

        var broken = await HubProcess.RunCommandAsync(data.DataDirectory, Settings, "audit", "verify");

        Assert.Equal(0, whole.ExitCode);
        Assert.Contains("Audit chain is whole: 7 entries, 1 to 7", whole.Output);
        Assert.Contains("2 signed checkpoints verified.", whole.Output);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Audit chain is BROKEN: checkpoint at entry 5 (signed ", broken.Output);
        Assert.Contains("entries up to 5 were rewritten.", broken.Output);
    }

    [Fact]
    public async Task An_inspector_verifies_an_export_with_the_printed_public_key()
    {
        await WriteSignedChainAsync(7);
        var export = Path.Combine(data.DataDirectory, $"export-cli-{_name}.jsonl");
        var keyFile = Path.Combine(data.DataDirectory, $"inspector-{_name}.pem");

        var publicKey = await HubProcess.RunCommandAsync(data.DataDirectory, Settings, "audit", "public-key");
        await File.WriteAllTextAsync(keyFile, publicKey.Output);
        var exported = await HubProcess.RunCommandAsync(data.DataDirectory, Settings,
            "audit", "export", "--from", DateTime.UtcNow.AddHours(-1).ToString("O"), "--to", DateTime.UtcNow.AddHours(1).ToString("O"), "--out", export);
        File.Delete(KeyFile); // the inspector's machine: a key file of its own (made at start), only the printed public key
        var verified = await HubProcess.RunCommandAsync(data.DataDirectory, Settings, "audit", "verify", "--file", export, "--public-key", keyFile);

        Assert.Equal(0, publicKey.ExitCode);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", publicKey.Output);
        Assert.Contains("Exported 7 entries and 2 signed checkpoints", exported.Output);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("2 signed checkpoints verified.", verified.Output);
    }

    [Fact]
    public async Task A_world_readable_key_file_stops_the_command_with_what_to_do()
    {
        await WriteSignedChainAsync(1);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await HubProcess.RunCommandAsync(data.DataDirectory, Settings, "audit", "verify");

        Assert.Equal(2, result.ExitCode); // the command could not run: the same exit code as a usage error
        Assert.Contains($"chmod 600 {KeyFile}", result.Output);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(data.DataDirectory, $"*{_name}*"))
        {
            File.Delete(file);
        }

        foreach (var directory in Directory.GetDirectories(data.DataDirectory, $"*{_name}*"))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A store of <paramref name="count"/> entries signed every 5 (and at the writer's stop), as a hub leaves it.</summary>
    private async Task WriteSignedChainAsync(int count)
    {
        var store = Store();
        await using (var db = store.CreateDbContext())
        {
            await AuditStore.CreateAsync(db, CancellationToken.None);
        }

        using var signer = new CheckpointSigner(KeyFile);
        await using var writer = new AuditWriter(store, NullLogger<AuditWriter>.Instance, new AuditCheckpointer(
            signer, new CheckpointStore(CheckpointFile), Options.Create(new CheckpointOptions { EveryEntries = 5, EverySeconds = 3600 }), TimeProvider.System));
        for (var i = 0; i < count; i++)
        {
            await writer.AppendAsync(new AuditRecord(
                DateTime.UtcNow, $"req-{i}", "department", "so-y-te", "medical-treatment", null, new string('0', 64), ["Citizen.fullName"], [], "ok", []));
        }
    }

    private async Task RewriteEntryTwoAsync()
    {
        await using var db = Store().CreateDbContext();
        var entries = await db.Entries.OrderBy(e => e.Id).ToListAsync();
        entries[1].Purpose = "land-registration";
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash = entries[i - 1].Hash;
            entries[i].Hash = entries[i].ComputeHash();
        }

        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE \"Head\" SET \"LastEntryId\" = {entries[^1].Id}, \"LastHash\" = {entries[^1].Hash}");
    }

    private PooledDbContextFactory<AuditDbContext> Store() =>
        new(new DbContextOptionsBuilder<AuditDbContext>().UseSqlite($"Data Source={AuditFile};Pooling=False").Options);
}
