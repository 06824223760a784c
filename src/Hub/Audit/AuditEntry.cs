using System.Buffers;
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
    /// The canonical form the hash covers: every field but the hash itself, in a fixed order, separated by U+001F. The
    /// app version is appended only when there is one, so entries written before it existed keep their hashes.
    /// </summary>
    public string Canonical()
    {
        var chars = ArrayPool<char>.Shared.Rent(CanonicalLength());
        try
        {
            return new string(chars, 0, WriteCanonical(chars));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>UTC with 100 ns precision, whatever kind the store hands back.</summary>
    public static string CanonicalTime(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// SHA-256 of the UTF-8 canonical form, lower-case hex. The writer hashes every entry it commits, so the form is
    /// written into pooled buffers and hashed in place: the hex text is the one string made.
    /// </summary>
    public string ComputeHash()
    {
        var chars = ArrayPool<char>.Shared.Rent(CanonicalLength());
        byte[]? bytes = null;
        try
        {
            var length = WriteCanonical(chars);
            bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
            var written = Encoding.UTF8.GetBytes(chars, 0, length, bytes, 0);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            if (bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // 20 digits for the id, 28 characters for the time, 13 separators.
    private int CanonicalLength() =>
        20 + 28 + 13 + RequestId.Length + PrincipalKind.Length + Principal.Length + (Purpose?.Length ?? 0) + (OperationName?.Length ?? 0)
        + DocumentHash.Length + Fields.Length + Citizens.Length + Outcome.Length + ErrorCodes.Length + PreviousHash.Length
        + (AppVersion?.Length ?? 0);

    private int WriteCanonical(Span<char> into)
    {
        const char Separator = '\u001f';
        Id.TryFormat(into, out var at, default, CultureInfo.InvariantCulture);
        into[at++] = Separator;
        DateTime.SpecifyKind(Timestamp, DateTimeKind.Utc).TryFormat(into[at..], out var time, TimeFormat, CultureInfo.InvariantCulture);
        at += time;
        foreach (var part in (ReadOnlySpan<string?>)[RequestId, PrincipalKind, Principal, Purpose, OperationName, DocumentHash, Fields, Citizens, Outcome, ErrorCodes, PreviousHash])
        {
            into[at++] = Separator;
            part.AsSpan().CopyTo(into[at..]);
            at += part?.Length ?? 0;
        }

        if (AppVersion is not null)
        {
            into[at++] = Separator;
            AppVersion.AsSpan().CopyTo(into[at..]);
            at += AppVersion.Length;
        }

        return at;
    }

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
