using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Documents;

/// <summary>The <c>Security</c> section: whether department apps may send only registered, approved documents.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Department tokens may run only approved documents, by id; any other document text is refused with
    /// <c>DOCUMENT_NOT_TRUSTED</c> before it is parsed. On by default in the Production environment, off elsewhere
    /// (so Banana Cake Pop works in Development). Stewards may always send their own documents.
    /// </summary>
    public bool TrustedDocumentsOnly { get; set; }

    /// <summary>Documents in one push (one app version's operations).</summary>
    [Range(1, 1000)]
    public int MaxDocumentsPerPush { get; set; } = 200;
}
