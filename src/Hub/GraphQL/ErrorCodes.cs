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

    // Life events (Events/): the refusals of AccessDecisions.RefusePublish and ReceivableKinds, and the publisher's own id.
    public const string EventNotAllowed = "EVENT_NOT_ALLOWED";
    public const string UnknownEventKind = "UNKNOWN_EVENT_KIND";
    public const string EventIdConflict = "EVENT_ID_CONFLICT";
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
