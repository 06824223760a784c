using GraphQL;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// The stable <c>extensions.code</c> values a caller can get from DataHub. GraphQL.NET's own validation codes
/// (e.g. <c>FIELDS_ON_CORRECT_TYPE</c>, <c>SYNTAX_ERROR</c>) pass through unchanged.
/// </summary>
public static class ErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string InvalidPersonalId = "INVALID_PERSONAL_ID";
    public const string InvalidKey = "INVALID_KEY";
    public const string PageSizeTooLarge = "PAGE_SIZE_TOO_LARGE";
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string InvalidCursor = "INVALID_CURSOR";
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";
    public const string QueryTooDeep = "QUERY_TOO_DEEP";
    public const string FilterTooComplex = "FILTER_TOO_COMPLEX";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string BatchNotSupported = "BATCH_NOT_SUPPORTED";
    public const string SourceUnavailable = "SOURCE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";

    // Callers and routes (401/403).
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NoRole = "NO_ROLE";
    public const string UnknownDepartment = "UNKNOWN_DEPARTMENT";
    public const string DepartmentInactive = "DEPARTMENT_INACTIVE";
    public const string InvalidCitizenToken = "INVALID_CITIZEN_TOKEN";
    public const string StewardOnly = "STEWARD_ONLY";
    public const string DepartmentOnly = "DEPARTMENT_ONLY";
    public const string CitizenOnly = "CITIZEN_ONLY";
    public const string RateLimited = "RATE_LIMITED";

    // The access decision.
    public const string PurposeRequired = "PURPOSE_REQUIRED";
    public const string UnknownPurpose = "UNKNOWN_PURPOSE";
    public const string PurposeNotAllowed = "PURPOSE_NOT_ALLOWED";
    public const string FieldNotGranted = "FIELD_NOT_GRANTED";

    /// <summary>An aggregate-only department (the IOC) asked for a record: it reads statistics only.</summary>
    public const string AggregateOnly = "AGGREGATE_ONLY";

    /// <summary>A department service refused to count (its code, e.g. UNKNOWN_DIMENSION, is in the message), or cannot count this filter.</summary>
    public const string AggregateRefused = "AGGREGATE_REFUSED";

    /// <summary>No report form by that name under schema/forms.</summary>
    public const string FormNotFound = "FORM_NOT_FOUND";
    public const string ConsentRequired = "CONSENT_REQUIRED";
    public const string OwnRecordOnly = "OWN_RECORD_ONLY";

    // The hub's own stores.
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";

    // Trusted documents.
    /// <summary>Document text from a department app where only registered documents run (Security:TrustedDocumentsOnly).</summary>
    public const string DocumentNotTrusted = "DOCUMENT_NOT_TRUSTED";

    /// <summary>A document id the hub has not registered for this caller.</summary>
    public const string DocumentNotFound = "DOCUMENT_NOT_FOUND";

    /// <summary>A registered document that may not run now: pending, rejected, retired, or a grant it needed was revoked.</summary>
    public const string DocumentNotApproved = "DOCUMENT_NOT_APPROVED";

    // Life events (Events/): the refusals of AccessDecisions.RefusePublish and ReceivableKinds, and the publisher's own id.
    public const string EventNotAllowed = "EVENT_NOT_ALLOWED";
    public const string UnknownEventKind = "UNKNOWN_EVENT_KIND";
    public const string EventIdConflict = "EVENT_ID_CONFLICT";
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";

    // Citizens (issue 17): sign-in level, consent they give, requests for it.
    public const string ElectronicIdLevelMissing = "ELECTRONIC_ID_LEVEL_MISSING";
    public const string ElectronicIdLevelTooLow = "ELECTRONIC_ID_LEVEL_TOO_LOW";
    public const string NotRepresentative = "NOT_REPRESENTATIVE";
    public const string RepresentativeRequired = "REPRESENTATIVE_REQUIRED";
    public const string FieldNotConsentable = "FIELD_NOT_CONSENTABLE";

    // Form posts (token endpoints, the e-ID sign-in page, the portal's forms) over DataHub:FormLimits (413).
    public const string FormTooLarge = "FORM_TOO_LARGE";
    public const string UnknownConsentRequest = "UNKNOWN_CONSENT_REQUEST";
    public const string ConsentRequestAnswered = "CONSENT_REQUEST_ANSWERED";
}

/// <summary>An error a caller caused or can act on, with its stable code.</summary>
public sealed class DataHubError : ExecutionError
{
    public DataHubError(string code, string message)
        : base(message)
    {
        Code = code;
    }
}
