using System.Security.Cryptography;
using System.Text;
using DataHub.Hub.Access;

namespace DataHub.Hub.Audit;

/// <summary>
/// The one place an audit record is built, for every surface: who (the department, or the steward's own name and
/// subject), purpose, operation, document hash (and, for a registered document run by id, its app version), what was
/// disclosed and about whom, outcome. Every text is bounded, so
/// no caller can make the store hold (or a reader receive) megabytes through an operation name or a purpose.
/// </summary>
public static class AuditRecords
{
    public const int MaxTextLength = 128;
    public const int MaxFields = 500;
    public const int MaxErrorCodes = 20;

    public static AuditRecord For(
        string requestId, HubPrincipal? principal, string? purpose, string? operationName, string? query,
        IEnumerable<string> fields, IEnumerable<string> citizens, string outcome, IEnumerable<string> errorCodes,
        string? documentId = null, string? appVersion = null) =>
        new(DateTime.UtcNow,
            Bounded(requestId)!,
            principal?.Kind.ToString().ToLowerInvariant() ?? "anonymous",
            Bounded(principal?.AuditName ?? "anonymous")!,
            Bounded(purpose),
            Bounded(operationName),
            // A request by id: the registered document's id (the SHA-256 of the text that ran, or that was asked for).
            documentId?[Documents.DocumentText.IdPrefix.Length..] ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query ?? ""))),
            fields.Distinct().Order(StringComparer.Ordinal).Take(MaxFields).ToList(),
            citizens.Distinct().Order(StringComparer.Ordinal).ToList(),
            outcome,
            errorCodes.Distinct().Take(MaxErrorCodes).Select(c => Bounded(c)!).ToList(),
            Bounded(appVersion));

    /// <summary>A text cut to <see cref="MaxTextLength"/> characters; the cut is marked.</summary>
    private static string? Bounded(string? text) => text is null || text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}
