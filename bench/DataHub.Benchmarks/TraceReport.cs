using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataHub.Benchmarks;

/// <summary>
/// Where the hub's time goes, from a <c>dotnet-trace</c> thread-time trace: the trace is converted to speedscope JSON
/// (<c>dotnet-trace convert</c>) and each sampled stack is attributed to the hub's layers by the frames on it.
/// Stacks of the audit writer's loop are counted apart from the request path; idle threads are not counted.
/// </summary>
public static class TraceReport
{
    private static readonly (string Layer, string[] Frames)[] Layers =
    [
        ("token check (JwtBearer: parse, RSA signature)", ["JwtBearerHandler", "JsonWebTokenHandler"]),
        ("caller from the cached policy (PrincipalResolver)", ["PrincipalResolver"]),
        ("route policies and rate limits (authorization, rate limiter)", ["AuthorizationMiddleware", "RateLimitingMiddleware"]),
        ("request body (GraphQLRequestReader)", ["GraphQLRequestReader"]),
        ("GraphQL parse", ["GraphQLParser!GraphQLParser.Parser", "GraphQLParser!GraphQLParser.ParserContext"]),
        ("GraphQL validation (all rules)", ["GraphQL.Validation.DocumentValidator", "GraphQL.Validation.BasicVisitor"]),
        ("planning, limits and the access decision (OperationCheck)", ["OperationCheck", "OperationPlanner", "AccessDecisions.DecideOperation"]),
        ("GraphQL execution: resolvers, batch loaders, connectors", ["GraphQL.Execution.ExecutionStrategy", "GraphQL.Execution.ParallelExecutionStrategy"]),
        ("  SQL connector (EF Core + SQLite)", ["DataHub.Connectors!DataHub.Connectors.Sql"]),
        ("    of which EF Core query pipeline (compiled queries, command cache)", ["QueryCompiler", "ExpressionTreeFuncletizer", "RelationalCommandCache", "CompiledQueryBase"]),
        ("    of which EF Core context set-up (pooled DbContext)", ["DbContext.get_ContextServices", "DbContext..ctor", "DbContextPool"]),
        ("    of which SQLite (open, prepare, step)", ["Microsoft.Data.Sqlite!"]),
        ("audit: building and queueing the entry (AuditRecords)", ["AuditRecords.For", "AuditWriter.AppendAsync"]),
        ("response (JSON serialization)", ["GraphQL.SystemTextJson!"]),
        ("lock contention (Monitor.Enter slow path)", ["Monitor.Enter_Slowpath"]),
        ("waiting for a garbage collection (GC poll)", ["PollGC"]),
    ];

    // A thread parked in one of these (the main thread in Run, Kestrel's heartbeat, idle pool threads) is not working.
    private static readonly string[] Waits =
        ["Monitor.Wait(", "LowLevelLifoSemaphore.WaitForSignal", "WaitHandle.WaitOneNoCheck", "ManualResetEventSlim.Wait", "Thread.Sleep", "SocketAsyncEngine.EventLoop"];

    private static readonly string[] RequestFrames =
        ["DataHub.", "GraphQL", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite", "Microsoft.IdentityModel"];

    /// <summary>Converts the trace and renders the breakdown as Markdown; null when dotnet-trace is not there.</summary>
    public static async Task<string?> RenderAsync(string traceFile)
    {
        var output = Path.ChangeExtension(traceFile, null);
        using var convert = Process.Start(new ProcessStartInfo("dotnet-trace", ["convert", traceFile, "--format", "speedscope", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (convert is null)
        {
            return null;
        }

        await convert.StandardOutput.ReadToEndAsync();
        await convert.WaitForExitAsync();
        var json = output + ".speedscope.json";
        return File.Exists(json) ? Render(json) : null;
    }

    private static string Render(string speedscopeFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopeFile));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "").ToArray();
        var layerOf = frames.Select(name => Layers.Select((l, i) => l.Frames.Any(name.Contains) ? i : -1).Where(i => i >= 0).ToArray()).ToArray();
        var isRequest = frames.Select(name => RequestFrames.Any(r => name.Contains('!' + r, StringComparison.Ordinal) || name.StartsWith(r, StringComparison.Ordinal))).ToArray();
        var isWriter = frames.Select(name => name.Contains("AuditWriter", StringComparison.Ordinal)).ToArray();
        var isWait = frames.Select(name => Waits.Any(w => name.Contains(w, StringComparison.Ordinal))).ToArray();

        double request = 0, writer = 0, cpu = 0;
        var perLayer = new double[Layers.Length];
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            double? last = null;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (stack.Count > 1 && last is { } from && !isWait[stack[^2]])
                {
                    var span = at - from;
                    if (stack.Any(f => isWriter[f]))
                    {
                        writer += span;
                    }
                    else if (stack.Any(f => isRequest[f]))
                    {
                        request += span;
                        cpu += frames[stack[^1]] == "CPU_TIME" ? span : 0;
                        foreach (var layer in stack.SelectMany(f => layerOf[f]).Distinct())
                        {
                            perLayer[layer] += span;
                        }
                    }
                }

                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(frame);
                }
                else if (stack.LastIndexOf(frame) is var index and >= 0)
                {
                    stack.RemoveRange(index, stack.Count - index);
                }
            }
        }

        var text = new StringBuilder();
        text.AppendLine("| layer | share of the request path's thread time |");
        text.AppendLine("|---|---|");
        for (var i = 0; i < Layers.Length; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Layers[i].Layer.Replace("  ", "  ↳ ", StringComparison.Ordinal)} | {Share(perLayer[i], request)} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| audit writer's loop (chain, multi-row INSERTs, SQLite commit and fsync; its own thread), relative to the request path | {Share(writer, request)} |");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Request-path samples: {request / 1000:F1} s of thread time, {Share(cpu, request)} of it in managed code on CPU, the rest in native code ") +
            "(SQLite, sockets, waits). Layers nest (an indented layer is part of the one above), so shares do not add up to 100%; " +
            "what no layer names is Kestrel, routing, middleware and the thread pool.");
        return text.ToString();
    }

    private static string Share(double part, double whole) =>
        whole <= 0 ? "—" : (part / whole).ToString("P0", CultureInfo.InvariantCulture);
}
