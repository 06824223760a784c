using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Connectors.Sql;

/// <summary>
/// The batch reads a resolver level makes again and again (rows by key, list items by parent key), compiled once per
/// entity and set of requested fields with <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(Expression{Func{TContext, TParam1, IQueryable{TResult}}})"/>.
/// A compiled query skips EF Core's per-call work on the expression tree (parameter extraction, cache-key hashing),
/// which was most of the connector's cost for small batches. Filtered pages stay ordinary LINQ: their shape varies.
/// </summary>
internal sealed class SqlCompiledReads
{
    // Bounded: the number of field sets is finite but large; when full, start again rather than grow without end.
    private const int MaxCached = 512;

    private static readonly MethodInfo SetByName = typeof(DbContext).GetMethods()
        .Single(m => m.Name == nameof(DbContext.Set) && m.IsGenericMethodDefinition && m.GetParameters().Length == 1)
        .MakeGenericMethod(typeof(Dictionary<string, object>));

    private readonly ConcurrentDictionary<string, CompiledRead> _reads = new(StringComparer.Ordinal);

    /// <summary>Rows of <paramref name="entity"/> whose key is one of the given keys, with only the fields asked for.</summary>
    public CompiledRead ByKey(SqlEntityMap entity, IReadOnlyCollection<string> fields) =>
        Get($"{entity.TypeName}|key|{string.Join(',', fields.Order(StringComparer.Ordinal))}", () =>
        {
            var projection = new SqlProjection(entity, fields);
            return Compile(projection, entity, entity.KeyColumn!, orderByKey: false);
        });

    /// <summary>Items of a list field whose foreign key is one of the parent keys, in key order; the foreign key comes last.</summary>
    public CompiledRead ByParent(SqlEntityMap item, SqlColumn foreignKey, IReadOnlyCollection<string> fields) =>
        Get($"{item.TypeName}|{foreignKey.Name}|{string.Join(',', fields.Order(StringComparer.Ordinal))}", () =>
        {
            var projection = new SqlProjection(item, fields, extra: foreignKey);
            return Compile(projection, item, foreignKey, orderByKey: true);
        });

    private CompiledRead Get(string cacheKey, Func<CompiledRead> compile)
    {
        if (_reads.TryGetValue(cacheKey, out var read))
        {
            return read;
        }

        if (_reads.Count >= MaxCached)
        {
            _reads.Clear();
        }

        return _reads.GetOrAdd(cacheKey, _ => compile());
    }

    // context.Set<Dictionary<string, object>>("Type").Where(row => keys.Contains(EF.Property<string>(row, "column")))
    //        [.OrderBy(row => EF.Property<string>(row, "key"))].Select(projection)
    private static CompiledRead Compile(SqlProjection projection, SqlEntityMap entity, SqlColumn match, bool orderByKey)
    {
        var context = Expression.Parameter(typeof(SqlSourceContext), "context");
        var keys = Expression.Parameter(typeof(List<string>), "keys");
        Expression query = Expression.Call(context, SetByName, Expression.Constant(entity.TypeName));

        var row = Expression.Parameter(typeof(Dictionary<string, object>), "row");
        var filter = Expression.Lambda(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], keys, SqlExpressions.Property(row, match)), row);
        query = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Dictionary<string, object>)], query, Expression.Quote(filter));
        if (orderByKey)
        {
            query = Expression.Call(typeof(Queryable), nameof(Queryable.OrderBy), [typeof(Dictionary<string, object>), typeof(string)],
                query, Expression.Quote(SqlExpressions.Property<string>(entity.KeyColumn!)));
        }

        query = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Dictionary<string, object>), typeof(object?[])],
            query, Expression.Quote(projection.Selector));
        var lambda = Expression.Lambda<Func<SqlSourceContext, List<string>, IQueryable<object?[]>>>(query, context, keys);
        return new CompiledRead(projection, EF.CompileAsyncQuery<SqlSourceContext, List<string>, object?[]>(lambda));
    }
}

/// <summary>A compiled batch read and the projection that turns its rows into <see cref="SourceRow"/>s.</summary>
internal sealed record CompiledRead(SqlProjection Projection, Func<SqlSourceContext, List<string>, IAsyncEnumerable<object?[]>> Query)
{
    public async Task<List<object?[]>> RunAsync(SqlSourceContext context, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>(keys.Count);
        await foreach (var row in Query(context, keys.ToList()).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
