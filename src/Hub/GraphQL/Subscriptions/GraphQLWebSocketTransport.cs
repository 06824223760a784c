using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using DataHub.Hub.Access;
using DataHub.Hub.Events;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.GraphQL.Subscriptions;

/// <summary>
/// GraphQL over WebSocket at <c>/graphql</c>, subprotocol <c>graphql-transport-ws</c> (graphql-ws's PROTOCOL.md, what
/// Banana Cake Pop and Apollo clients speak). A browser cannot set a WebSocket's headers, so the token and purpose
/// may come in the <c>connection_init</c> payload (<c>{"Authorization": "Bearer …", "X-Purpose": "…"}</c>); either way
/// the caller is authenticated by the same JwtBearer handler, resolved by the same caller resolution and admitted by
/// the same route policy as <c>POST /graphql</c>. Every operation then goes through the one pipeline.
/// </summary>
public sealed partial class GraphQLWebSocketTransport(
    LifeEventSubscriptions subscriptions, GraphQLRequestReader reader, GraphQLPipeline pipeline, IGraphQLTextSerializer serializer,
    IOptions<EventOptions> options, IAuthorizationService authorization, ILogger<GraphQLWebSocketTransport> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private LifeEventSubscriptions Subscriptions { get; } = subscriptions;

    private GraphQLRequestReader Reader { get; } = reader;

    private GraphQLPipeline Pipeline { get; } = pipeline;

    private IGraphQLTextSerializer Serializer { get; } = serializer;

    private EventOptions Settings { get; } = options.Value;

    private ILogger Logger { get; } = logger;

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.InvalidRequest,
                $"GraphQL over WebSocket speaks the subprotocol '{SubProtocol}'.");
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        var connection = new Connection(this, http, socket);
        try
        {
            await connection.RunAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            await connection.StopAsync();
        }
    }

    /// <summary>One socket: its state, its operations, and one sender at a time.</summary>
    private sealed class Connection(GraphQLWebSocketTransport transport, HttpContext http, WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new(StringComparer.Ordinal);
        private readonly List<Task> _running = [];
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private HubPrincipal? _principal;
        private string? _purpose;
        private bool _initialised;

        private EventOptions Settings => transport.Settings;

        public async Task RunAsync()
        {
            var keepAlive = KeepAliveAsync();
            using var initTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(Settings.ConnectionInitTimeoutSeconds));
            _ = initTimeout.Token.Register(() =>
            {
                if (!_initialised)
                {
                    _ = CloseAsync(4408, "Connection initialisation timeout");
                }
            });

            while (socket.State == WebSocketState.Open && !_closing.IsCancellationRequested)
            {
                var message = await ReceiveAsync();
                if (message is null)
                {
                    break;
                }

                if (!await HandleMessageAsync(message))
                {
                    break;
                }
            }

            await _closing.CancelAsync();
            await keepAlive;
        }

        public async Task StopAsync()
        {
            await _closing.CancelAsync();
            foreach (var operation in _operations.Values)
            {
                await operation.CancelAsync();
            }

            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }

            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        /// <summary>Handles one message; false when the socket was closed for it.</summary>
        private async Task<bool> HandleMessageAsync(byte[] message)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                return await CloseAsync(4400, "Invalid message: not JSON");
            }

            using (document)
            {
                var root = document.RootElement;
                var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString() : null;
                var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String
                    ? i.GetString() : null;
                switch (type)
                {
                    case "connection_init":
                        return await InitAsync(root.TryGetProperty("payload", out var init) ? init : default);
                    case "ping":
                        await SendAsync("{\"type\":\"pong\"}");
                        return true;
                    case "pong":
                        return true;
                    case "subscribe" when id is { Length: > 0 and <= 128 } && root.TryGetProperty("payload", out var payload):
                        return await SubscribeAsync(id, payload);
                    case "complete" when id is not null:
                        if (_operations.TryRemove(id, out var operation))
                        {
                            await operation.CancelAsync();
                        }

                        return true;
                    default:
                        return await CloseAsync(4400, "Invalid message");
                }
            }
        }

        private async Task<bool> InitAsync(JsonElement payload)
        {
            if (_initialised)
            {
                return await CloseAsync(4429, "Too many initialisation requests");
            }

            string? Member(string name) =>
                payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString() : null;

            var token = Member("Authorization") ?? Member("authorization");
            _purpose = Member("X-Purpose") ?? Member("x-purpose") ?? NonEmpty(http.Request.Headers["X-Purpose"].ToString());
            var (principal, code) = await transport.AdmitAsync(http, token);
            if (principal is null)
            {
                await transport.Pipeline.AuditRefusalAsync(http.TraceIdentifier, HubCaller.Of(http)?.Principal, code!);
                return await CloseAsync(4403, "Forbidden: " + code);
            }

            _principal = principal;
            _initialised = true;
            await SendAsync("{\"type\":\"connection_ack\"}");
            return true;
        }

        private async Task<bool> SubscribeAsync(string id, JsonElement payload)
        {
            if (!_initialised)
            {
                return await CloseAsync(4401, "Unauthorized");
            }

            if (_operations.ContainsKey(id))
            {
                return await CloseAsync(4409, $"Subscriber for {id} already exists");
            }

            if (_operations.Count >= Settings.MaxSubscriptionsPerConnection)
            {
                await SendErrorAsync(id, ErrorCodes.TooManySubscriptions,
                    $"One connection holds at most {Settings.MaxSubscriptionsPerConnection} operations at once (Events:MaxSubscriptionsPerConnection).");
                return true;
            }

            var (sent, documentId, refusal) = transport.Reader.ReadObject(payload);
            global::GraphQL.Transport.GraphQLRequest? request = null;
            if (refusal is null)
            {
                // A document by id, or text a department may not send in trusted mode: the same answer as over HTTP.
                (request, _, refusal) = transport.Pipeline.ResolveDocument(_principal!, MainSurface(), sent!, documentId);
            }

            if (refusal is not null)
            {
                await transport.Pipeline.AuditRefusalAsync(http.TraceIdentifier, _principal, refusal.Code, documentId);
                await SendErrorAsync(id, refusal.Code, refusal.Message);
                return true;
            }

            var operation = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            _operations[id] = operation;
            var run = RunOperationAsync(id, request!, operation);
            lock (_running)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(run);
            }

            return true;
        }

        private GraphQLSurface MainSurface() => new("Query", http.RequestServices.GetRequiredService<ISchema>());

        private async Task RunOperationAsync(string id, global::GraphQL.Transport.GraphQLRequest request, CancellationTokenSource operation)
        {
            var cancellation = operation.Token;
            var purpose = request.Extensions?.TryGetValue("purpose", out var stated) == true && stated is string p ? p : _purpose;
            var surface = MainSurface();
            var requestId = $"{http.TraceIdentifier}:{id}";
            try
            {
                var (result, start) = await transport.Subscriptions.OpenAsync(surface, _principal!, purpose, request, requestId, http.RequestServices, cancellation);
                if (start is null)
                {
                    if (result!.Executed)
                    {
                        await SendResultAsync(id, "next", result);
                        await SendAsync($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"complete\"}}");
                    }
                    else
                    {
                        await SendResultAsync(id, "error", result);
                    }

                    return;
                }

                await foreach (var (cursor, delivery) in transport.Subscriptions.StreamAsync(
                    surface, _principal!, purpose, request, start, requestId, http.RequestServices, cancellation))
                {
                    if (cursor is null)
                    {
                        await SendResultAsync(id, "error", delivery);
                        return;
                    }

                    await SendResultAsync(id, "next", delivery);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // completed by the client, or the socket closed
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                await SendErrorAsync(id, DatabaseErrors.Code, "The hub's database is unavailable; subscribe again shortly.");
            }
            catch (Exception ex)
            {
                LogUnexpected(transport.Logger, ex);
                await SendErrorAsync(id, ErrorCodes.InternalError, "The hub failed to run this operation; this is a bug.");
            }
            finally
            {
                _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, operation));
                operation.Dispose();
            }
        }

        private async Task SendResultAsync(string id, string type, ExecutionResult result)
        {
            var json = transport.Serializer.Serialize(result);
            if (type == "error")
            {
                // An error message carries the errors alone (GraphQLError[]).
                using var parsed = JsonDocument.Parse(json);
                json = parsed.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
            }

            await SendAsync($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"{type}\",\"payload\":{json}}}");
        }

        private Task SendErrorAsync(string id, string code, string message) =>
            SendResultAsync(id, "error", new ExecutionResult { Executed = false, Errors = [new DataHubError(code, message)] });

        private async Task SendAsync(string text)
        {
            await _send.WaitAsync(_closing.Token);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
                }
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task<bool> CloseAsync(int code, string reason)
        {
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
            }

            await _closing.CancelAsync();
            return false;
        }

        /// <summary>One whole message, or null when the client closed; a message past the limit closes the socket (4400).</summary>
        private async Task<byte[]?> ReceiveAsync()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16_384);
            try
            {
                using var message = new MemoryStream();
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, _closing.Token);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }

                        return null;
                    }

                    if (message.Length + received.Count > Settings.MaxMessageBytes)
                    {
                        await CloseAsync(4400, "Message too large");
                        return null;
                    }

                    message.Write(buffer, 0, received.Count);
                    if (received.EndOfMessage)
                    {
                        return message.ToArray();
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task KeepAliveAsync()
        {
            try
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Settings.KeepAliveSeconds));
                while (await timer.WaitForNextTickAsync(_closing.Token))
                {
                    await SendAsync("{\"type\":\"ping\"}");
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
            }
        }

        private static string? NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>
    /// The caller of a socket, admitted by the <c>Caller</c> route policy: from the upgrade request's own token, or
    /// from the token <c>connection_init</c> carries, authenticated by the default scheme's handler (a fresh instance:
    /// a handler authenticates a request once) and resolved by <see cref="CallerResolution"/>. The code when refused.
    /// </summary>
    private async Task<(HubPrincipal? Principal, string? Code)> AdmitAsync(HttpContext http, string? token)
    {
        if (token is not null)
        {
            http.Request.Headers.Authorization = token;
            var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
            var scheme = await schemes.GetDefaultAuthenticateSchemeAsync()
                ?? throw new InvalidOperationException("No authentication scheme is configured.");
            var handlers = new AuthenticationHandlerProvider(schemes);
            var handler = await handlers.GetHandlerAsync(http, scheme.Name)
                ?? throw new InvalidOperationException($"No handler for the scheme '{scheme.Name}'.");
            var result = await handler.AuthenticateAsync();
            http.User = result.Succeeded ? result.Principal! : new ClaimsPrincipal(new ClaimsIdentity());
            http.Features.Set<HubCaller>(null);
            if (result.Succeeded)
            {
                CallerResolution.Resolve(http);
            }
        }

        var caller = HubCaller.Of(http);
        if (caller is null)
        {
            return (null, "UNAUTHENTICATED");
        }

        var admitted = await authorization.AuthorizeAsync(http.User, http, HubPolicies.Caller);
        if (admitted.Succeeded && caller.Principal is { } principal)
        {
            return (principal, null);
        }

        var requirement = admitted.Failure?.FailedRequirements.OfType<CallerRequirement>().FirstOrDefault();
        return (null, caller.Refusal?.Code ?? requirement?.RefusalCode ?? "FORBIDDEN");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in a WebSocket operation")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
