namespace DataHub.Connectors;

/// <summary>
/// A source's mapping or settings are wrong. The message names the file and the place in it, so
/// start-up can stop with something an operator can act on.
/// </summary>
public sealed class ConnectorConfigurationException(string file, string location, string message)
    : Exception($"{file}: {location}: {message}")
{
    public string File { get; } = file;

    public string Location { get; } = location;

    public string Problem { get; } = message;
}

/// <summary>
/// A source could not answer (down, timed out, bad data). The hub turns it into
/// <c>SOURCE_UNAVAILABLE</c> for that source's fields only; <see cref="Exception.Message"/> is safe to show.
/// </summary>
public sealed class SourceUnavailableException(string sourceName, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string SourceName { get; } = sourceName;
}
