using System.Globalization;
using System.Text;

namespace DataHub.Hub.Audit;

/// <summary>
/// A signed statement of the chain at one moment: entry <see cref="EntryId"/> hashes to <see cref="Hash"/> and is the
/// <see cref="Entries"/>th entry. Whoever rewrites an entry up to there must re-hash every later entry, and then the
/// hash no longer matches what the key signed.
/// </summary>
public sealed class AuditCheckpoint
{
    public long EntryId { get; set; }

    public required string Hash { get; set; }

    /// <summary>Entries in the chain from the first up to and including <see cref="EntryId"/>.</summary>
    public long Entries { get; set; }

    /// <summary>When the writer signed it (UTC).</summary>
    public DateTime Time { get; set; }

    /// <summary>ECDSA P-256 over SHA-256 of <see cref="Canonical"/>, IEEE P1363 (r‖s), base64.</summary>
    public required string Signature { get; set; }

    /// <summary>SHA-256 of the signing key's public key (SubjectPublicKeyInfo), lowercase hex.</summary>
    public required string KeyId { get; set; }

    /// <summary>The bytes the signature covers; the prefix keeps a checkpoint signature from meaning anything else.</summary>
    public byte[] Canonical() => Encoding.UTF8.GetBytes(string.Join('\u001f',
        "datahub-audit-checkpoint-v1", EntryId.ToString(CultureInfo.InvariantCulture), Hash,
        Entries.ToString(CultureInfo.InvariantCulture), AuditEntry.CanonicalTime(Time)));

    public string Describe() => $"checkpoint at entry {EntryId} (signed {AuditEntry.CanonicalTime(Time)})";
}
