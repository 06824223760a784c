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

    // Where each field's column (or an embedded object's columns) sits in a row of values, found once.
    private readonly (string Field, int Position, (string Field, int Position)[]? Embedded)[] _positions;

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

        _positions = Positions();
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
        var result = new Dictionary<string, object?>(_fields.Count + 1)
        {
            [_entity.KeyField] = values[0],
        };
        foreach (var (field, position, embedded) in _positions)
        {
            result[field] = embedded is not null ? EmbeddedOrNull(embedded, values) : position >= 0 ? values[position] : null;
        }

        return new SourceRow((string)values[0]!, result);
    }

    private (string, int, (string, int)[]?)[] Positions()
    {
        int At(SqlColumn column) => _columns.FindIndex(c => c.Name == column.Name);
        return _fields.Select(f => f.Map switch
        {
            SqlColumnMap c => (f.Field, At(c.Column), ((string, int)[]?)null),
            SqlReferenceMap r => (f.Field, At(r.Column), null),
            SqlEmbeddedMap e => (f.Field, -1, e.Columns.Select(kv => (kv.Key, At(kv.Value))).ToArray()),
            _ => (f.Field, -1, null),
        }).ToArray();
    }

    // An embedded object whose columns are all NULL is absent, not an object of nulls.
    private static SourceRow? EmbeddedOrNull((string Field, int Position)[] columns, object?[] values)
    {
        var result = new Dictionary<string, object?>(columns.Length);
        var any = false;
        foreach (var (field, position) in columns)
        {
            var value = values[position];
            result[field] = value;
            any |= value is not null;
        }

        return any ? new SourceRow(string.Empty, result) : null;
    }
}
