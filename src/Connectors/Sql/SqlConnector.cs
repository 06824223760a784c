using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace DataHub.Connectors.Sql;

/// <summary>
/// Reads a SQL source. Every request becomes one query (two when a total count is asked for), selecting only the
/// columns of the requested fields. Batch reads by key run as prepared ADO.NET commands (<see cref="SqlPreparedReads"/>);
/// filtered pages, counts and aggregates go through EF Core, which translates filters and order to SQL.
/// </summary>
public sealed class SqlConnector : ISourceConnector, IAggregateSource, IDisposable
{
    private readonly SqlSourceMapping _mapping;
    private readonly PooledDbContextFactory<SqlSourceContext> _contexts;
    private readonly SqlPreparedReads _reads;
    private readonly Action<string, string>? _observer;

    public SqlConnector(SqlSourceMapping mapping, SqlConnectionSettings settings)
    {
        _mapping = mapping;
        var builder = new DbContextOptionsBuilder<SqlSourceContext>();
        _ = settings.Provider switch
        {
            // Key lists travel as one array-like parameter (json_each on SQLite, an array on PostgreSQL): the SQL text is
            // then the same for any number of keys, so EF Core's command cache hits instead of building SQL per batch size.
            SqlProvider.Sqlite => builder.UseSqlite(settings.ConnectionString,
                sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            SqlProvider.PostgreSQL => builder.UseNpgsql(settings.ConnectionString,
                npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown SQL provider."),
        };
        builder.ReplaceService<IModelCacheKeyFactory, SourceModelCacheKeyFactory>();
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SqlMappingExtension(mapping));
        if (settings.CommandObserver is { } observer)
        {
            builder.AddInterceptors(new CommandObserverInterceptor(mapping.SourceName, observer));
        }

        // Pooled: a context is reset and reused instead of being built (with its internal services) for every call.
        _contexts = new PooledDbContextFactory<SqlSourceContext>(builder.Options);
        _reads = new SqlPreparedReads(settings);
        _observer = settings.CommandObserver;
    }

    public string SourceName => _mapping.SourceName;

    public async Task<IReadOnlyDictionary<string, SourceRow>> LookupAsync(
        string typeName, IReadOnlyCollection<string> keys, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var read = _reads.ByKey(_mapping.GetEntity(typeName), fields);
        var rows = await RunKeyRead(read, keys, cancellationToken);
        return rows.Select(read.Projection.ToRow).ToDictionary(row => row.Key);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceRow>>> CollectAsync(
        string typeName, string fieldName, IReadOnlyCollection<string> parentKeys, IReadOnlyCollection<string> fields,
        CancellationToken cancellationToken)
    {
        var parent = _mapping.GetEntity(typeName);
        if (parent.Fields.GetValueOrDefault(fieldName) is not SqlCollectionMap collection)
        {
            throw new InvalidOperationException($"{typeName}.{fieldName} is not a list field of source '{SourceName}'.");
        }

        var read = _reads.ByParent(_mapping.GetEntity(collection.ItemType), collection.ForeignKey, fields);
        var rows = await RunKeyRead(read, parentKeys, cancellationToken);

        return rows
            .GroupBy(row => (string)row[^1]!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SourceRow>)g.Select(read.Projection.ToRow).ToList());
    }

    public async Task<SourcePage> ListAsync(ListQuery request, CancellationToken cancellationToken)
    {
        var entity = _mapping.GetEntity(request.TypeName);
        if (KeysOnly(entity, request) is { } keys)
        {
            return await PageOfKeysAsync(entity, keys, request, cancellationToken);
        }

        var projection = new SqlProjection(entity, request.Fields);
        await using var context = NewContext();
        var query = context.Rows(entity);
        if (request.Where is not null)
        {
            query = query.Where(SqlExpressions.Filter(entity, request.Where));
        }

        int? total = request.IncludeTotalCount ? await Run(() => query.CountAsync(cancellationToken)) : null;

        // One row past the page tells whether there is a next page without a second query.
        var page = SqlExpressions.Order(query, entity, request.Order).Skip(request.Skip).Take(request.Take + 1);
        var rows = await Run(page.Select(projection.Selector), cancellationToken);
        var hasNext = rows.Count > request.Take;
        return new SourcePage(rows.Take(request.Take).Select(projection.ToRow).ToList(), hasNext, total);
    }

    /// <summary>
    /// The keys of a page that names its rows (<c>where: { key: { in: [...] } }</c> or <c>eq</c>, in key order): the
    /// filter a department sends to fetch the citizens it already knows. Read like a batch by key, on a prepared command,
    /// rather than through EF Core: the matching rows are at most the keys given (bounded by the request's size), so the
    /// window and the total are taken from them. Null for any other page.
    /// </summary>
    private static IReadOnlyCollection<string>? KeysOnly(SqlEntityMap entity, ListQuery request)
    {
        var where = request.Where;
        while (where is AllOf { Parts: [var only] })
        {
            where = only; // the where argument's object is the conjunction of its fields, here of one
        }

        if (entity.KeyColumn is null || request.Order.Any(s => s.Field != entity.KeyField || s.Descending)
            || where is not FieldCondition condition || condition.Field != entity.KeyField)
        {
            return null;
        }

        return condition switch
        {
            { Operator: FilterOperator.Eq, Value: string key } => [key],
            { Operator: FilterOperator.In, Value: IEnumerable<object?> values } when values.All(v => v is string or null) =>
                values.OfType<string>().ToHashSet(StringComparer.Ordinal),
            _ => null,
        };
    }

    private async Task<SourcePage> PageOfKeysAsync(SqlEntityMap entity, IReadOnlyCollection<string> keys, ListQuery request, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new SourcePage([], false, request.IncludeTotalCount ? 0 : null);
        }

        var read = _reads.ByKey(entity, request.Fields, inKeyOrder: true);
        var rows = await RunKeyRead(read, keys, cancellationToken);
        var page = rows.Skip(request.Skip).Take(request.Take).Select(read.Projection.ToRow).ToList();
        return new SourcePage(page, rows.Count > request.Skip + request.Take, request.IncludeTotalCount ? rows.Count : null);
    }

    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        await using var context = NewContext();
        return await Run(() => SqlAggregates.RunAsync(context, _mapping, query, cancellationToken));
    }

    public async Task<SourceHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var context = NewContext();
            foreach (var entity in _mapping.Entities.Values.Where(e => e.Table is not null))
            {
                await context.Rows(entity).Select(SqlExpressions.Property<string>(entity.KeyColumn!)).Take(1).ToListAsync(cancellationToken);
            }

            return new SourceHealth(true, "ok");
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            return new SourceHealth(false, "the database does not answer or lacks a mapped table");
        }
    }

    public void Dispose() => _reads.Dispose();

    private SqlSourceContext NewContext() => _contexts.CreateDbContext();

    private Task<List<object?[]>> RunKeyRead(SqlKeyRead read, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        _observer?.Invoke(SourceName, read.Sql);
        return Run(() => _reads.RunAsync(read, keys, cancellationToken));
    }

    private Task<List<object?[]>> Run(IQueryable<object?[]> query, CancellationToken cancellationToken) =>
        Run(() => query.ToListAsync(cancellationToken));

    // Database errors become SourceUnavailableException: the caller learns which source failed, never the SQL.
    private async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            throw new SourceUnavailableException(SourceName, $"The source '{SourceName}' could not be read.", ex);
        }
    }

    private static bool IsDatabaseError(Exception ex) =>
        ex is SqliteException or NpgsqlException or DbUpdateException or InvalidOperationException { InnerException: SqliteException or NpgsqlException }
        || ex is TimeoutException;
}
