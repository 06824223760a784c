using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataHub.Hub.Audit;

/// <summary>
/// One access to DataHub: who, for which purpose, which fields of which citizens, with what outcome. Entries are
/// append-only and chained: each carries the hash of the one before, so editing, deleting or reordering any row
/// breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime Timestamp { get; set; }

    public required string RequestId { get; set; }

    /// <summary>department, steward, citizen or anonymous.</summary>
    public required string PrincipalKind { get; set; }

    /// <summary>The department code, "steward", "citizen" or "anonymous".</summary>
    public required string Principal { get; set; }

    public string? Purpose { get; set; }

    public string? OperationName { get; set; }

    /// <summary>SHA-256 of the query text: which document ran, without storing it.</summary>
    public required string DocumentHash { get; set; }

    /// <summary><c>Type.field</c> names read, sorted, comma-separated.</summary>
    public required string Fields { get; set; }

    /// <summary>Personal IDs of the citizens whose fields were returned, sorted, comma-separated.</summary>
    public required string Citizens { get; set; }

    /// <summary>ok, partial or rejected.</summary>
    public required string Outcome { get; set; }

    public required string ErrorCodes { get; set; }

    public required string PreviousHash { get; set; }

    /// <summary>The app version of the registered document a request ran by id (its id is <see cref="DocumentHash"/>); null otherwise.</summary>
    public string? AppVersion { get; set; }

    public required string Hash { get; set; }

    /// <summary>
    /// The canonical form the hash covers: every field but the hash itself, in a fixed order. The app version is
    /// appended only when there is one, so entries written before it existed keep their hashes.
    /// </summary>
    public string Canonical() => string.Join('\u001f',
        Id.ToString(CultureInfo.InvariantCulture), CanonicalTime(Timestamp), RequestId, PrincipalKind, Principal,
        Purpose ?? "", OperationName ?? "", DocumentHash, Fields, Citizens, Outcome, ErrorCodes, PreviousHash)
        + (AppVersion is null ? "" : "\u001f" + AppVersion);

    /// <summary>UTC with 100 ns precision, whatever kind the store hands back.</summary>
    public static string CanonicalTime(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())));

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
}

/// <summary>Which citizen an entry concerns: the index behind a citizen's access history.</summary>
public sealed class AuditSubject
{
    public long EntryId { get; set; }

    public required string PersonalId { get; set; }
}

/// <summary>The last entry written, so that cutting entries off the end of the chain is detected too.</summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;

    public long LastEntryId { get; set; }

    public required string LastHash { get; set; }
}
