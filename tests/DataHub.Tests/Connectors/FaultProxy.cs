using DataHub.Departments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataHub.Tests.Connectors;

/// <summary>What the proxy does with the next requests.</summary>
public enum FaultMode
{
    /// <summary>Forwards to the service unchanged.</summary>
    PassThrough,

    /// <summary>Holds the request until the caller gives up (a service that hangs).</summary>
    Hang,

    /// <summary>Answers 200 with HTML, not JSON.</summary>
    NotJson,

    /// <summary>Answers 200 with <see cref="FaultProxy.Body"/>: JSON of the wrong shape.</summary>
    WrongShape,

    /// <summary>Answers 500.</summary>
    ServerError,
}

/// <summary>
/// A real HTTP server (Kestrel on a free loopback port) in front of a department service that misbehaves on demand:
/// hangs, answers garbage or errors, or rewrites the service's answers (a remote whose schema changed). It counts the
/// requests that reach it, which shows when an open circuit stops the hub from calling.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HttpClient Forwarder = new();
    private readonly WebApplication _app;
    private int _requests;

    private FaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        Target = target;
    }

    public Uri Target { get; }

    /// <summary>The proxy's URL with the target's path, e.g. http://127.0.0.1:40123/graphql.</summary>
    public Uri Url => new(_app.Address(), Target.PathAndQuery);

    public FaultMode Mode { get; set; }

    public string Body { get; set; } = "{}";

    /// <summary>Applied to forwarded answers' bodies when set.</summary>
    public Func<string, string>? Rewrite { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when the first request reaches the proxy.</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, a request is forwarded only once this completes (or the caller gives up).</summary>
    public Task? HoldUntil { get; set; }

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultProxy(app, target);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Arrived.TrySetResult();
        if (HoldUntil is { } hold)
        {
            try
            {
                await hold.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        switch (Mode)
        {
            case FaultMode.Hang:
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            case FaultMode.NotJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("<html><body>Service temporarily unavailable</body></html>");
                return;
            case FaultMode.WrongShape:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Body);
                return;
            case FaultMode.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(Target, context.Request.Path + context.Request.QueryString));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        using var response = await Forwarder.SendAsync(request, context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await context.Response.WriteAsync(Rewrite is null ? body : Rewrite(body), context.RequestAborted);
    }
}
