namespace DataHub.Connectors;

/// <summary>
/// A source refused an aggregate as the client's mistake (an HTTP 400 with a code such as <c>UNKNOWN_DIMENSION</c>),
/// or the connector cannot express it for that source (<c>FILTER_NOT_SUPPORTED</c>). Only the code travels: a remote's
/// message may quote values.
/// </summary>
public sealed class AggregateRefusedException(string sourceName, string code, string message) : Exception(message)
{
    /// <summary>The connector cannot send this filter or grouping to the source.</summary>
    public const string NotSupported = "NOT_SUPPORTED_BY_SOURCE";

    public string SourceName { get; } = sourceName;

    /// <summary>The source's code, or <see cref="NotSupported"/>.</summary>
    public string Code { get; } = code;
}
