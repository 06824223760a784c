using System.Buffers;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// The one request reader of every GraphQL surface: <c>POST</c> with a JSON object, or <c>GET</c> with query
/// parameters. Anything else — a body too large, invalid UTF-8, JSON nested too deep, a batch (array), a member of the
/// wrong type, an operation name or variables past their limits — is a 4xx with a stable code, never an exception.
/// A request may name a registered document instead of sending its text: <c>documentId</c> (the GraphQL-over-HTTP
/// persisted-documents form, also a GET parameter) or <c>extensions.persistedQuery.sha256Hash</c> (Apollo's form); the
/// pipeline then runs the stored text (<see cref="Documents.TrustedDocuments"/>).
/// </summary>
public sealed class GraphQLRequestReader(RequestLimits limits, IGraphQLTextSerializer serializer)
{
    private const string Json = "application/json";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The request; for a request by id, its <c>Query</c> is null and <c>DocumentId</c> names the document.</summary>
    public async Task<(GraphQLRequest? Request, string? DocumentId, RequestRefusal? Refusal)> ReadAsync(HttpContext http)
    {
        return WithDocumentId(HttpMethods.IsGet(http.Request.Method) ? ReadQueryString(http.Request) : await ReadBodyAsync(http));
    }

    /// <summary>
    /// A request already parsed as JSON (a WebSocket <c>subscribe</c> message's payload): the same members, types and
    /// limits as a body.
    /// </summary>
    public (GraphQLRequest? Request, string? DocumentId, RequestRefusal? Refusal) ReadObject(JsonElement root) =>
        WithDocumentId(ReadJson(root));

    private static (GraphQLRequest?, string?, RequestRefusal?) WithDocumentId((GraphQLRequest? Request, RequestRefusal? Refusal) read) =>
        read.Request is { Query: null } && DocumentIds.TryGetValue(read.Request, out var id)
            ? (read.Request, id, read.Refusal)
            : (read.Request, null, read.Refusal);

    // The id of a request by id, kept beside the request the reading methods return.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GraphQLRequest, string> DocumentIds = [];

    private async Task<(GraphQLRequest?, RequestRefusal?)> ReadBodyAsync(HttpContext http)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the request as Content-Type: application/json.");
        }

        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            return TooLarge();
        }

        // Read at most one byte past the limit, whatever Content-Length claimed (or chunked bodies without one).
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limits.MaxRequestBytes + 1L;
        }

        byte[] body;
        var chunk = ArrayPool<byte>.Shared.Rent(16_384);
        try
        {
            // Sized by Content-Length when the client sent one (already checked against the limit).
            using var buffer = new MemoryStream((int)(http.Request.ContentLength ?? 0));
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limits.MaxRequestBytes)
                {
                    return TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        JsonDocument document;
        try
        {
            // Strict UTF-8 first: a string with invalid bytes would otherwise parse and fail only when read.
            StrictUtf8.GetCharCount(body);
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            return Refuse(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson,
                $"The request body is not valid JSON (UTF-8, no deeper than {limits.MaxJsonDepth} levels).");
        }

        using (document)
        {
            return ReadJson(document.RootElement);
        }
    }

    /// <summary>The members of a request object, checked.</summary>
    private (GraphQLRequest? Request, RequestRefusal? Refusal) ReadJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return Refuse(StatusCodes.Status400BadRequest, ErrorCodes.BatchNotSupported,
                "Batched requests (a JSON array) are not supported: send one operation per request.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The request body must be a JSON object with a 'query'.");
        }

        var (documentId, idRefusal) = DocumentIdOf(root);
        if (idRefusal is not null)
        {
            return (null, idRefusal);
        }

        var hasQuery = root.TryGetProperty("query", out var query) && query.ValueKind != JsonValueKind.Null;
        if (documentId is not null && hasQuery)
        {
            return Invalid("Send either 'query' or a document id ('documentId', extensions.persistedQuery), not both.");
        }

        if (documentId is null && query.ValueKind != JsonValueKind.String)
        {
            return Invalid("The request needs 'query', a non-empty string (or 'documentId').");
        }

        var (operationName, nameRefusal) = OptionalString(root, "operationName");
        if (nameRefusal is not null)
        {
            return (null, nameRefusal);
        }

        var (variables, variablesRefusal) = OptionalObject(root, "variables");
        var (extensions, extensionsRefusal) = OptionalObject(root, "extensions");
        if ((variablesRefusal ?? extensionsRefusal) is { } refusal)
        {
            return (null, refusal);
        }

        return documentId is not null
            ? ById(documentId, operationName, variables, extensions)
            : Checked(query.GetString()!, operationName, variables, extensions);
    }

    /// <summary>
    /// The document id of a request by id: <c>documentId</c>, or Apollo's <c>extensions.persistedQuery.sha256Hash</c>
    /// (taken as <c>sha256:</c> and that hash). A malformed one, or two that differ, is <c>INVALID_REQUEST</c>.
    /// </summary>
    private static (string?, RequestRefusal?) DocumentIdOf(JsonElement root)
    {
        string? id = null;
        if (root.TryGetProperty("documentId", out var documentId) && documentId.ValueKind != JsonValueKind.Null)
        {
            if (documentId.ValueKind != JsonValueKind.String || !Documents.DocumentText.IsId(documentId.GetString()!))
            {
                return (null, Invalid("'documentId' must be a string 'sha256:' followed by 64 lower-case hex digits.").Item2);
            }

            id = documentId.GetString();
        }

        if (root.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("persistedQuery", out var persisted) && persisted.ValueKind != JsonValueKind.Null)
        {
            if (persisted.ValueKind != JsonValueKind.Object || !persisted.TryGetProperty("sha256Hash", out var hash)
                || hash.ValueKind != JsonValueKind.String || !Documents.DocumentText.IsId(Documents.DocumentText.IdPrefix + hash.GetString()!.ToLowerInvariant()))
            {
                return (null, Invalid("'extensions.persistedQuery.sha256Hash' must be 64 hex digits.").Item2);
            }

            var apollo = Documents.DocumentText.IdPrefix + hash.GetString()!.ToLowerInvariant();
            if (id is not null && id != apollo)
            {
                return (null, Invalid("'documentId' and 'extensions.persistedQuery.sha256Hash' name different documents.").Item2);
            }

            id = apollo;
        }

        return (id, null);
    }

    private (GraphQLRequest?, RequestRefusal?) ById(string documentId, string? operationName, Inputs? variables, Inputs? extensions)
    {
        if (operationName?.Length > limits.MaxOperationNameLength)
        {
            return Invalid($"'operationName' is longer than {limits.MaxOperationNameLength} characters.");
        }

        var request = new GraphQLRequest { Query = null, OperationName = operationName, Variables = variables, Extensions = extensions };
        DocumentIds.AddOrUpdate(request, documentId);
        return (request, null);
    }

    private (GraphQLRequest?, RequestRefusal?) ReadQueryString(HttpRequest request)
    {
        var query = request.Query["query"].ToString();
        var operationName = request.Query["operationName"].ToString();
        Inputs? variables = null;
        var variablesText = request.Query["variables"].ToString();
        if (variablesText.Length > limits.MaxVariablesBytes)
        {
            return TooLarge("'variables'");
        }

        if (variablesText.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(variablesText, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Invalid("'variables' must be a JSON object.");
                }

                variables = serializer.ReadNode<Inputs>(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                return Refuse(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "The 'variables' parameter is not valid JSON.");
            }
        }

        var documentId = request.Query["documentId"].ToString();
        if (documentId.Length > 0)
        {
            if (query.Length > 0 || !Documents.DocumentText.IsId(documentId))
            {
                return Invalid("'documentId' must be 'sha256:' followed by 64 lower-case hex digits, without 'query'.");
            }

            return ById(documentId, operationName.Length == 0 ? null : operationName, variables, null);
        }

        return Checked(query, operationName.Length == 0 ? null : operationName, variables, null);
    }

    private (GraphQLRequest?, RequestRefusal?) Checked(string query, string? operationName, Inputs? variables, Inputs? extensions)
    {
        if (query.Length == 0)
        {
            return Invalid("The request needs 'query', a non-empty string.");
        }

        if (query.Length > limits.MaxQueryLength)
        {
            return TooLarge("The query");
        }

        if (operationName?.Length > limits.MaxOperationNameLength)
        {
            return Invalid($"'operationName' is longer than {limits.MaxOperationNameLength} characters.");
        }

        return (new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions }, null);
    }

    private (string?, RequestRefusal?) OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        return value.ValueKind == JsonValueKind.String ? (value.GetString(), null) : (null, Invalid($"'{name}' must be a string.").Item2!);
    }

    private (Inputs?, RequestRefusal?) OptionalObject(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid($"'{name}' must be a JSON object.").Item2);
        }

        if (value.GetRawText().Length > limits.MaxVariablesBytes)
        {
            return (null, TooLarge($"'{name}'").Item2);
        }

        try
        {
            return (serializer.ReadNode<Inputs>(value), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            // A value the serializer cannot turn into an input (e.g. a number too large for any numeric type).
            return (null, Invalid($"'{name}' holds a value that is not a valid GraphQL input.").Item2);
        }
    }

    private (GraphQLRequest?, RequestRefusal?) TooLarge(string what = "The request body") =>
        Refuse(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
            $"{what} is larger than this hub accepts (body {limits.MaxRequestBytes} bytes, query {limits.MaxQueryLength} characters, " +
            $"variables {limits.MaxVariablesBytes} bytes).");

    private static (GraphQLRequest?, RequestRefusal?) Invalid(string message) =>
        Refuse(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, message);

    private static (GraphQLRequest?, RequestRefusal?) Refuse(int status, string code, string message) => (null, new RequestRefusal(status, code, message));
}
