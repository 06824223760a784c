namespace DataHub.Connectors.Http;

/// <summary>
/// Where a remote source lives and how patient the hub is with it: one request may take at most
/// <see cref="Timeout"/>; after <see cref="FailuresBeforeBreak"/> failed requests (at least half of those in the
/// last <see cref="SamplingDuration"/>) the circuit opens and calls fail at once for <see cref="MinimumBreakDuration"/>;
/// then one call probes the source, and each failed probe doubles the break, up to <see cref="BreakDuration"/>.
/// </summary>
public sealed record HttpSourceSettings(Uri Url)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int FailuresBeforeBreak { get; init; } = 5;

    /// <summary>The longest break: what the doubling stops at.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first break after the circuit opens.</summary>
    public TimeSpan MinimumBreakDuration { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);
}
