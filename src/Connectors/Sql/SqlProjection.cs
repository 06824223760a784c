using System.Linq.Expressions;

namespace DataHub.Connectors.Sql;

/// <summary>
/// The columns a request needs, as one <c>SELECT</c> list, and how to turn the values read back into a
/// <see cref="SourceRow"/>. Only the requested fields' columns are read (plus the key, and an optional extra
/// column such as the foreign key of a list, which comes last).
/// </summary>
internal sealed class SqlProjection
{
    private readonly SqlEntityMap _entity;
    private readonly List<(string Field, SqlFieldMap Map)> _fields = [];
    private readonly List<SqlColumn> _columns = [];

    public SqlProjection(SqlEntityMap entity, IEnumerable<string> fields, SqlColumn? extra = null)
    {
        _entity = entity;
        _columns.Add(entity.KeyColumn!);
        foreach (var field in fields.Distinct())
        {
            if (!entity.Fields.TryGetValue(field, out var map) || map is SqlCollectionMap)
            {
                continue; // lists are fetched by their own call; unknown fields belong to other sources.
            }

            _fields.Add((field, map));
            _columns.AddRange(map switch
            {
                SqlColumnMap c => [c.Column],
                SqlReferenceMap r => [r.Column],
                SqlEmbeddedMap e => e.Columns.Values,
                _ => [],
            });
        }

        if (extra is not null)
        {
            _columns.Add(extra);
        }

        var row = Expression.Parameter(typeof(Dictionary<string, object>), "row");
        var values = _columns.Select(c => Expression.Convert(SqlExpressions.Property(row, c), typeof(object)));
        Selector = Expression.Lambda<Func<Dictionary<string, object>, object?[]>>(
            Expression.NewArrayInit(typeof(object), values), row);
    }

    public Expression<Func<Dictionary<string, object>, object?[]>> Selector { get; }

    /// <summary>The columns read, in the order of the values <see cref="ToRow"/> takes (the key first).</summary>
    public IReadOnlyList<SqlColumn> Columns => _columns;

    public SourceRow ToRow(object?[] values)
    {
        var byColumn = new Dictionary<string, object?>();
        for (var i = 0; i < _columns.Count; i++)
        {
            byColumn[_columns[i].Name] = values[i];
        }

        var result = new Dictionary<string, object?>(_fields.Count + 1)
        {
            [_entity.KeyField] = byColumn[_entity.KeyColumn!.Name],
        };
        foreach (var (field, map) in _fields)
        {
            result[field] = map switch
            {
                SqlColumnMap c => byColumn[c.Column.Name],
                SqlReferenceMap r => byColumn[r.Column.Name],
                SqlEmbeddedMap e => EmbeddedOrNull(e, byColumn),
                _ => null,
            };
        }

        return new SourceRow((string)byColumn[_entity.KeyColumn!.Name]!, result);
    }

    // An embedded object whose columns are all NULL is absent, not an object of nulls.
    private static SourceRow? EmbeddedOrNull(SqlEmbeddedMap map, Dictionary<string, object?> byColumn)
    {
        var values = map.Columns.ToDictionary(kv => kv.Key, kv => byColumn[kv.Value.Name]);
        return values.Values.All(v => v is null) ? null : new SourceRow(string.Empty, values);
    }
}
