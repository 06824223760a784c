namespace DataHub.Hub.Documents;

/// <summary>The admin API's codes for trusted documents (beside <c>AdminErrors</c>' shared ones).</summary>
public static class DocumentErrors
{
    /// <summary>A pushed document does not parse or does not run against the composite schema; nothing was stored.</summary>
    public const string DocumentInvalid = "DOCUMENT_INVALID";

    public const string UnknownDocument = "UNKNOWN_DOCUMENT";

    /// <summary>Approved, rejected or retired already: only a pending (or grant-revoked) document is reviewed.</summary>
    public const string DocumentDecided = "DOCUMENT_ALREADY_DECIDED";

    public const string UnknownAppVersion = "UNKNOWN_APP_VERSION";

    public const string AppVersionRetired = "APP_VERSION_RETIRED";

    /// <summary>The document reads a field the department may read under none of its purposes: it cannot be approved.</summary>
    public const string FieldNotGranted = "FIELD_NOT_GRANTED";
}
