using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataHub.Connectors.Http;

/// <summary>
/// The HTTP side of a remote source, shared by the GraphQL and REST connectors: one <see cref="HttpClient"/> behind a
/// Microsoft.Extensions.Http.Resilience pipeline (circuit breaker outside, per-request timeout inside), and the
/// translation of every way a remote can fail — refused, slow, open circuit, HTTP error, not JSON — into
/// <see cref="SourceUnavailableException"/>, so the hub nulls that source's fields and returns the rest.
/// Health probes use a second client without the breaker, so probing never opens or closes the circuit.
/// </summary>
public sealed class HttpSource : IDisposable
{
    private readonly HttpClient _client;
    private readonly HttpClient _probe;
    private readonly CircuitBreakerStateProvider _circuit = new();

    public HttpSource(string sourceName, HttpSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SourceName = sourceName;
        Settings = settings;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = Math.Max(2, settings.FailuresBeforeBreak),
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _circuit,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.Timeout })
            .Build();
        _client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = NewSocketsHandler(settings) })
        {
            // The pipeline's timeout covers the wait for headers; this one also covers reading the body.
            Timeout = settings.Timeout + TimeSpan.FromSeconds(1),
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };
        _probe = new HttpClient(NewSocketsHandler(settings)) { Timeout = settings.Timeout };
    }

    public string SourceName { get; }

    public HttpSourceSettings Settings { get; }

    /// <summary>Closed, Open, HalfOpen or Isolated.</summary>
    public string CircuitState => _circuit.CircuitState.ToString();

    public bool IsCircuitOpen => _circuit.CircuitState is Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated;

    /// <summary>
    /// Sends a request through the breaker and returns the parsed JSON body; null for a 404 when
    /// <paramref name="notFoundIsEmpty"/> (a single look-up of something the remote does not have).
    /// </summary>
    public async Task<JsonDocument?> SendAsync(Func<HttpRequestMessage> request, bool notFoundIsEmpty, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (notFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"answered HTTP {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>A GET outside the breaker, for health checks; the status code, or null when nothing answered in time.</summary>
    public async Task<(HttpStatusCode Status, string Body)?> ProbeAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            using var response = await _probe.SendAsync(message, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>An answer that parsed but is not what the source schema promises.</summary>
    public SourceUnavailableException BadAnswer(string problem) => Unavailable("answered in an unexpected shape: " + problem);

    public SourceUnavailableException Unavailable(string problem, Exception? inner = null) =>
        new(SourceName, $"The source '{SourceName}' {problem}.", inner);

    public void Dispose()
    {
        _client.Dispose();
        _probe.Dispose();
    }

    private SourceUnavailableException? Translate(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        SourceUnavailableException => null,
        BrokenCircuitException => Unavailable(
            $"failed repeatedly; its circuit is open and calls fail at once for up to {Settings.BreakDuration.TotalSeconds:0} s", ex),
        TimeoutRejectedException => Unavailable($"did not answer within {Settings.Timeout.TotalSeconds:0.#} s", ex),
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            Unavailable($"did not answer within {Settings.Timeout.TotalSeconds:0.#} s", ex),
        HttpRequestException => Unavailable("could not be reached", ex),
        JsonException => Unavailable("answered something that is not JSON", ex),
        _ => null,
    };

    private static SocketsHttpHandler NewSocketsHandler(HttpSourceSettings settings) => new()
    {
        ConnectTimeout = settings.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
    };
}
