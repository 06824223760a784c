using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace DataHub.Connectors.Http;

/// <summary>
/// The HTTP clients of the remote sources, from <see cref="IHttpClientFactory"/>: one named client whose
/// Microsoft.Extensions.Http.Resilience handler keeps <b>one pipeline per source</b> (selected by the source name each
/// request carries), so one source's failures never open another's circuit; and a probe client without the breaker
/// for health checks. Sources register their settings here as they are created; a pipeline is built on its
/// source's first call.
/// </summary>
public sealed class HttpSourceClients
{
    /// <summary>The named client every source call goes through (breaker outside, per-request timeout inside).</summary>
    public const string ClientName = "DataHub.Sources";

    /// <summary>The named client of health probes: no breaker, so probing never opens or closes a circuit.</summary>
    public const string ProbeClientName = "DataHub.Sources.Probe";

    /// <summary>The request option that names the pipeline of the source a request is for.</summary>
    public static readonly HttpRequestOptionsKey<string> SourceOption = new("DataHub.Source");

    private static readonly Lazy<HttpSourceClients> StandaloneClients = new(() =>
        new ServiceCollection().AddHttpSourceClients().BuildServiceProvider().GetRequiredService<HttpSourceClients>());

    private readonly ConcurrentDictionary<string, (HttpSourceSettings Settings, CircuitBreakerStateProvider Circuit)> _sources = new(StringComparer.Ordinal);
    private int _registered;

    public HttpSourceClients(IHttpClientFactory factory)
    {
        Factory = factory;
    }

    /// <summary>Clients for code that has no service provider (tests and tools that load a catalogue by hand).</summary>
    public static HttpSourceClients Standalone => StandaloneClients.Value;

    public IHttpClientFactory Factory { get; }

    /// <summary>
    /// Registers a source's settings; returns the key of its pipeline (the source name, numbered so that a catalogue
    /// loaded again gets pipelines of its own) and its circuit's state.
    /// </summary>
    public (string PipelineKey, CircuitBreakerStateProvider Circuit) Register(string source, HttpSourceSettings settings)
    {
        var key = $"{source}#{Interlocked.Increment(ref _registered)}";
        var circuit = new CircuitBreakerStateProvider();
        _sources[key] = (settings, circuit);
        return (key, circuit);
    }

    /// <summary>The circuit of every registered source (the newest registration of each source name).</summary>
    public IEnumerable<(string Source, CircuitState State)> Circuits() =>
        _sources.OrderBy(s => int.Parse(s.Key[(s.Key.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .GroupBy(s => s.Key[..s.Key.LastIndexOf('#')], StringComparer.Ordinal)
            .Select(g => (g.Key, g.Last().Value.Circuit.CircuitState));

    /// <summary>
    /// The break after the circuit opens: short at first and doubled after each failed probe (half-open attempt), up to
    /// <see cref="HttpSourceSettings.BreakDuration"/>. A fixed break as long as a source's outage kept it off well past
    /// its recovery (a probe that fails while the service restarts costs another whole break).
    /// </summary>
    public static TimeSpan BreakAfter(HttpSourceSettings settings, int failedProbes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var growing = settings.MinimumBreakDuration.TotalSeconds * Math.Pow(2, Math.Min(failedProbes, 30));
        return TimeSpan.FromSeconds(Math.Min(growing, settings.BreakDuration.TotalSeconds));
    }

    internal void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, string pipelineKey)
    {
        if (!_sources.TryGetValue(pipelineKey, out var entry))
        {
            throw new InvalidOperationException($"The source pipeline '{pipelineKey}' was asked for before its source registered.");
        }

        var settings = entry.Settings;
        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = Math.Max(2, settings.FailuresBeforeBreak),
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                BreakDurationGenerator = args => ValueTask.FromResult(BreakAfter(settings, args.HalfOpenAttempts)),
                StateProvider = entry.Circuit,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.Timeout });
    }

    internal static SocketsHttpHandler NewSocketsHandler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AutomaticDecompression = DecompressionMethods.All,
    };
}
