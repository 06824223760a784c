using System.Security.Cryptography;

namespace DataHub.Hub.Audit;

/// <summary>The public half of the checkpoint key: what an inspector keeps to check signatures offline.</summary>
public sealed class CheckpointKey : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointKey(ECDsa key)
    {
        _key = key;
        var publicKey = key.ExportSubjectPublicKeyInfo();
        Id = Convert.ToHexStringLower(SHA256.HashData(publicKey));
        Pem = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>SHA-256 of the public key (SubjectPublicKeyInfo DER), lowercase hex: what a checkpoint names as its key.</summary>
    public string Id { get; }

    /// <summary>The public key as PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string Pem { get; }

    public static CheckpointKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new CheckpointKeyException($"The text given is not a PEM key: {ex.Message}");
        }

        // Only the public half is kept, so a key built from a private PEM cannot sign anything.
        using (key)
        {
            return FromPublic(key);
        }
    }

    public static CheckpointKey FromPemFile(string path) =>
        File.Exists(path) ? FromPem(File.ReadAllText(path)) : throw new CheckpointKeyException($"The public key file {path} does not exist.");

    internal static CheckpointKey FromPublic(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new CheckpointKeyException($"The checkpoint key must be ECDSA P-256, not a {key.KeySize}-bit key.");
        }

        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return new CheckpointKey(copy);
    }

    /// <summary>True when this key made the checkpoint's signature over its content.</summary>
    public bool Verifies(AuditCheckpoint checkpoint)
    {
        if (checkpoint.KeyId != Id)
        {
            return false;
        }

        var signature = new byte[64];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var length) && length == signature.Length
            && _key.VerifyData(checkpoint.Canonical(), signature, HashAlgorithmName.SHA256);
    }

    public void Dispose() => _key.Dispose();
}
