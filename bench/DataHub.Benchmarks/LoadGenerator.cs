using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace DataHub.Benchmarks;

/// <summary>What one load run reached: latencies of successful requests, throughput, failures.</summary>
public sealed record LoadResult(int Requests, int Failures, double Seconds, double[] LatenciesMs, string? FirstFailure)
{
    public double PerSecond => Requests / Seconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(LatenciesMs.Length * p))];
}

/// <summary>
/// A closed-loop HTTP load generator: <c>concurrency</c> workers each send one request, wait for the whole answer,
/// then send the next, until <c>maxRequests</c> were sent or <c>maxDuration</c> passed, whichever comes first.
/// Loopback only, bounded in count and time. Warm-up requests run first and are not measured.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        HttpClient client, Func<int, HttpRequestMessage> request, int concurrency, int maxRequests, TimeSpan maxDuration,
        int warmup, Func<string, bool>? isSuccess = null)
    {
        if (client.BaseAddress is { } address && !address.IsLoopback)
        {
            throw new InvalidOperationException("Load is generated only against loopback addresses.");
        }

        // Warm-up: JIT, connection pools, SQLite page cache, the hub's policy cache. Not measured.
        await Drive(client, request, concurrency, warmup, TimeSpan.FromSeconds(60), new double[warmup], isSuccess);

        var latencies = new double[maxRequests];
        var clock = Stopwatch.StartNew();
        var (done, failures, firstFailure) = await Drive(client, request, concurrency, maxRequests, maxDuration, latencies, isSuccess);
        clock.Stop();
        var measured = latencies.Take(done).Where(l => l >= 0).ToArray();
        Array.Sort(measured);
        return new LoadResult(done - failures, failures, clock.Elapsed.TotalSeconds, measured, firstFailure);
    }

    private static async Task<(int Done, int Failures, string? FirstFailure)> Drive(
        HttpClient client, Func<int, HttpRequestMessage> request, int concurrency, int maxRequests, TimeSpan maxDuration,
        double[] latencies, Func<string, bool>? isSuccess)
    {
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);
        var completed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while (Stopwatch.GetTimestamp() < deadline && (i = Interlocked.Increment(ref next)) < maxRequests)
            {
                var started = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    using var message = request(i);
                    using var response = await client.SendAsync(message);
                    var body = await response.Content.ReadAsStringAsync();
                    failure = !response.IsSuccessStatusCode ? $"HTTP {(int)response.StatusCode}: {Trim(body)}"
                        : isSuccess is not null && !isSuccess(body) ? "unexpected answer: " + Trim(body)
                        : null;
                }
                catch (HttpRequestException ex)
                {
                    failure = ex.Message;
                }
                catch (TaskCanceledException ex)
                {
                    failure = ex.Message;
                }

                latencies[i] = failure is null ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : -1;
                if (failure is not null)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }

                Interlocked.Increment(ref completed);
            }
        }));
        return (completed, failures, firstFailure);
    }

    /// <summary>A POST of a GraphQL request, as a department app sends it.</summary>
    public static HttpRequestMessage GraphQLPost(string path, string json, string? token = null, string? purpose = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (purpose is not null)
        {
            message.Headers.Add("X-Purpose", purpose);
        }

        return message;
    }

    /// <summary>A client for one server: no proxy, enough pooled connections for the concurrency.</summary>
    public static HttpClient ClientFor(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string Trim(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
