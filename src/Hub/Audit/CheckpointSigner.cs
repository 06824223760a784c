using System.Security.Cryptography;

namespace DataHub.Hub.Audit;

/// <summary>
/// Holds the private key that signs audit checkpoints. The key lives in a file under the data directory, never in the
/// audit database: whoever can write only the database cannot sign. Created on first run with owner-only permissions
/// (set when the file is created, before the key is written); a key file that group or others can read or write is
/// refused, since anyone who could read it could sign a rewritten chain.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Exposed =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private readonly ECDsa _key;

    public CheckpointSigner(string keyFile)
    {
        _key = LoadOrCreate(keyFile);
        PublicKey = CheckpointKey.FromPublic(_key);
    }

    public CheckpointKey PublicKey { get; }

    public AuditCheckpoint Sign(long entryId, string hash, long entries, DateTime time)
    {
        var checkpoint = new AuditCheckpoint
        {
            EntryId = entryId,
            Hash = hash,
            Entries = entries,
            Time = DateTime.SpecifyKind(time, DateTimeKind.Utc),
            Signature = "",
            KeyId = PublicKey.Id,
        };
        checkpoint.Signature = Convert.ToBase64String(_key.SignData(checkpoint.Canonical(), HashAlgorithmName.SHA256));
        return checkpoint;
    }

    public void Dispose()
    {
        _key.Dispose();
        PublicKey.Dispose();
    }

    private static ECDsa LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Create(path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Exposed) != 0)
        {
            throw new CheckpointKeyException(
                $"The audit checkpoint key {path} can be read or written by group or others " +
                $"(mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); it must be owner-only. Run: chmod 600 {path}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new CheckpointKeyException($"The audit checkpoint key {path} is not a PEM private key: {ex.Message}");
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CheckpointKeyException($"The audit checkpoint key {path} must be ECDSA P-256, not a {key.KeySize}-bit key.");
        }

        return key;
    }

    private static void Create(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
            }
        }

        // Written to a temporary name, then moved: a hub starting beside this one never reads half a key, and if both
        // create one, the first move wins and the other loads it.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly; // the mode is set as the file is created, before the secret is written
            }

            using var file = new StreamWriter(temporary, options);
            file.Write(key.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
