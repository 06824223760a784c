namespace DataHub.Connectors.Http;

/// <summary>
/// Where a remote source lives and how patient the hub is with it: one request may take at most
/// <see cref="Timeout"/>; after <see cref="FailuresBeforeBreak"/> failed requests (at least half of those in the
/// last <see cref="SamplingDuration"/>) the circuit opens and calls fail at once for <see cref="BreakDuration"/>.
/// </summary>
public sealed record HttpSourceSettings(Uri Url)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int FailuresBeforeBreak { get; init; } = 5;

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);
}
