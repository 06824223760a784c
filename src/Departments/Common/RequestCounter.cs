using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataHub.Departments;

/// <summary>
/// Counts the requests a department service receives, by path, so that batching can be checked where it matters:
/// at the service. <c>GET /_requests</c> reads the counts (and is not counted itself, nor is <c>/health</c>).
/// </summary>
public sealed class RequestCounter
{
    public const string Path = "/_requests";

    private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);

    public int Total => _byPath.Values.Sum();

    public IReadOnlyDictionary<string, int> ByPath => new SortedDictionary<string, int>(_byPath, StringComparer.Ordinal);

    public void Count(string path) => _byPath.AddOrUpdate(path, 1, (_, n) => n + 1);
}

public static class RequestCounterExtensions
{
    /// <summary>Counts every request but the counter's own and health checks; maps <c>GET /_requests</c>.</summary>
    public static WebApplication UseRequestCounter(this WebApplication app, RequestCounter counter)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path != RequestCounter.Path && path != "/health")
            {
                counter.Count(path);
            }

            await next(context);
        });
        app.MapGet(RequestCounter.Path, () => Results.Json(new { total = counter.Total, paths = counter.ByPath }));
        return app;
    }
}
