using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// Keeps parsed and validated documents by schema and query text, so a department app sending the same query again
/// skips parsing and the schema's validation rules. What a caller may read differs per caller and per variables, so the
/// access decision is not a validation rule: <see cref="OperationCheck"/> plans and decides every request after this.
/// Only documents that passed validation are kept. The same idea as GraphQL.NET's <c>MemoryDocumentCache</c>, whose
/// package (GraphQL.MemoryCache) this machine's feed does not serve.
/// </summary>
public sealed class DocumentCache : IConfigureExecution, IDisposable
{
    /// <summary>The total length of cached query texts; a parsed document takes roughly ten times that in memory.</summary>
    public const long MaxQueryCharacters = 1_000_000;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxQueryCharacters });

    // After the other IConfigureExecution steps (GraphQL.NET's own sort 200 for its document cache).
    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query)
        {
            return await next(options);
        }

        var key = (options.Schema, query);
        if (_documents.TryGetValue(key, out GraphQLDocument? cached) && cached is not null)
        {
            options.Document = cached;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && result.Document is { } document)
        {
            _documents.Set(key, document, new MemoryCacheEntryOptions { Size = query.Length });
        }

        return result;
    }

    public void Dispose() => _documents.Dispose();
}
