using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataHub.Connectors.Http;

/// <summary>
/// The HTTP side of a remote source, shared by the GraphQL and REST connectors: clients from
/// <see cref="HttpSourceClients"/> (IHttpClientFactory; this source's own Microsoft.Extensions.Http.Resilience pipeline,
/// circuit breaker outside, per-request timeout inside), and the translation of every way a remote can fail — refused,
/// slow, open circuit, HTTP error, not JSON — into <see cref="SourceUnavailableException"/>, so the hub nulls that
/// source's fields and returns the rest. Health probes use the probe client without the breaker, so probing never
/// opens or closes the circuit.
/// </summary>
public sealed class HttpSource : IDisposable
{
    private readonly HttpSourceClients _clients;
    private readonly string _pipelineKey;
    private readonly CircuitBreakerStateProvider _circuit;

    // The first call goes alone (see SendAsync); set once it has been through the resilience handler.
    private readonly SemaphoreSlim _firstCall = new(1, 1);
    private volatile bool _pipelineBuilt;

    public HttpSource(string sourceName, HttpSourceSettings settings, HttpSourceClients? clients = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SourceName = sourceName;
        Settings = settings;
        _clients = clients ?? HttpSourceClients.Standalone;
        (_pipelineKey, _circuit) = _clients.Register(sourceName, settings);
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
    public Task<JsonDocument?> SendAsync(Func<HttpRequestMessage> request, bool notFoundIsEmpty, CancellationToken cancellationToken) =>
        SendAsync(request, notFoundIsEmpty, refusalCode: null, cancellationToken);

    /// <summary>
    /// Sends an aggregate request: as <see cref="SendAsync(Func{HttpRequestMessage}, bool, CancellationToken)"/>, but a
    /// 400 whose JSON body carries a code (<paramref name="refusalCode"/> finds it) is the caller's mistake, thrown as
    /// <see cref="AggregateRefusedException"/> rather than the source being unavailable.
    /// </summary>
    public async Task<JsonDocument> SendAggregateAsync(
        Func<HttpRequestMessage> request, Func<JsonElement, string?> refusalCode, CancellationToken cancellationToken) =>
        (await SendAsync(request, notFoundIsEmpty: false, refusalCode, cancellationToken))!;

    private async Task<JsonDocument?> SendAsync(
        Func<HttpRequestMessage> request, bool notFoundIsEmpty, Func<JsonElement, string?>? refusalCode, CancellationToken cancellationToken)
    {
        if (_pipelineBuilt)
        {
            return await SendOnceBuiltAsync(request, notFoundIsEmpty, refusalCode, cancellationToken);
        }

        // The resilience handler builds this source's pipeline on its first call, and two first calls at once (a level's
        // calls run in parallel, and so do requests) would build it twice around one circuit, which Polly refuses. The
        // first call goes alone; after it, no call waits here.
        await _firstCall.WaitAsync(cancellationToken);
        try
        {
            var answer = await SendOnceBuiltAsync(request, notFoundIsEmpty, refusalCode, cancellationToken);
            _pipelineBuilt = true;
            return answer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _pipelineBuilt = true; // the source or the pipeline failed it, so the pipeline was built; a call cancelled early may not have built it
            throw;
        }
        finally
        {
            _firstCall.Release();
        }
    }

    private async Task<JsonDocument?> SendOnceBuiltAsync(
        Func<HttpRequestMessage> request, bool notFoundIsEmpty, Func<JsonElement, string?>? refusalCode, CancellationToken cancellationToken)
    {
        // The pipeline's timeout covers the wait for headers; this one also covers reading the body.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.Timeout + TimeSpan.FromSeconds(1));
        try
        {
            using var message = request();
            message.Options.Set(HttpSourceClients.SourceOption, _pipelineKey);
            using var response = await _clients.Factory.CreateClient(HttpSourceClients.ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
            if (notFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (refusalCode is not null && response.StatusCode == HttpStatusCode.BadRequest)
            {
                string? code = null;
                try
                {
                    using var refusal = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
                    code = refusalCode(refusal.RootElement);
                }
                catch (JsonException)
                {
                }

                if (code is not null)
                {
                    throw new AggregateRefusedException(SourceName, code, $"The source '{SourceName}' refused the aggregate: {code}.");
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"answered HTTP {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            return await JsonDocument.ParseAsync(body, default, deadline.Token);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>A GET outside the breaker, for health checks; the status code, or null when nothing answered in time.</summary>
    public async Task<(HttpStatusCode Status, string Body)?> ProbeAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.Timeout);
        try
        {
            using var message = request();
            using var response = await _clients.Factory.CreateClient(HttpSourceClients.ProbeClientName).SendAsync(message, deadline.Token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token));
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

    /// <summary>Nothing to release: the clients' handlers belong to IHttpClientFactory.</summary>
    public void Dispose()
    {
    }

    private SourceUnavailableException? Translate(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        SourceUnavailableException => null,
        BrokenCircuitException => Unavailable(
            $"failed repeatedly; its circuit is open and calls fail at once until a probe finds it back (at most {Settings.BreakDuration.TotalSeconds:0} s)", ex),
        TimeoutRejectedException => Unavailable($"did not answer within {Settings.Timeout.TotalSeconds:0.#} s", ex),
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            Unavailable($"did not answer within {Settings.Timeout.TotalSeconds:0.#} s", ex),
        HttpRequestException => Unavailable("could not be reached", ex),
        JsonException => Unavailable("answered something that is not JSON", ex),
        _ => null,
    };
}
