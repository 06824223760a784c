using System.Text;

namespace DataHub.Hub.GraphQL.Subscriptions;

/// <summary>
/// Writes Server-Sent Events to a response, one at a time, flushed as written, with a comment line as keep-alive
/// whenever nothing was sent for the interval (so proxies and clients keep an idle stream open).
/// </summary>
public sealed class EventStreamWriter : IAsyncDisposable
{
    private readonly HttpResponse _response;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private readonly Task _keepAlive;

    public EventStreamWriter(HttpResponse response, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        _response = response;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _keepAlive = KeepAliveAsync(keepAlive, _stop.Token);
    }

    /// <summary>One event: its name, an optional id (the cursor a reconnecting client sends back), and its data.</summary>
    public async Task WriteAsync(string name, string? id, string data)
    {
        var text = new StringBuilder();
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        text.Append("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await SendAsync(text.Append('\n').ToString());
    }

    private async Task SendAsync(string text)
    {
        await _gate.WaitAsync(_stop.Token);
        try
        {
            await _response.WriteAsync(text, Encoding.UTF8, _stop.Token);
            await _response.Body.FlushAsync(_stop.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task KeepAliveAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(":\n\n"); // opens the stream at once: the client sees its subscription accepted
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await SendAsync(":\n\n");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _keepAlive;
        _stop.Dispose();
        _gate.Dispose();
    }
}
