using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Audit;

/// <summary>When the audit writer signs a checkpoint of the chain, and where the key and the file copy live.</summary>
public sealed class CheckpointOptions
{
    public const string SectionName = "Audit:Checkpoints";

    /// <summary>Sign once this many entries were written since the last checkpoint.</summary>
    [Range(1, int.MaxValue)]
    public int EveryEntries { get; set; } = 1000;

    /// <summary>Sign at the latest this many seconds after the first entry not yet covered by a checkpoint.</summary>
    [Range(1, 86_400)]
    public int EverySeconds { get; set; } = 60;

    /// <summary>The ECDSA P-256 private key (PKCS#8 PEM), relative to the data directory; created on first run, mode 0600.</summary>
    [Required]
    public string KeyFile { get; set; } = "keys/audit-checkpoint.key";

    /// <summary>The copy of every checkpoint outside the database (JSON Lines), relative to the data directory.</summary>
    [Required]
    public string File { get; set; } = "audit-checkpoints.jsonl";
}
