using System.Data.Common;

namespace DataHub.Connectors.Sql;

/// <summary>
/// One batch read by key (rows by key, or list items by parent key) as plain SQL: its text, the distinct columns it
/// selects, and how each column of the <see cref="SqlProjection"/> is found in a result row.
/// </summary>
internal sealed class SqlKeyRead
{
    private readonly Type[] _types;
    private readonly int[] _ordinals;

    public SqlKeyRead(SqlProjection projection, string sql, IReadOnlyList<SqlColumn> selected)
    {
        Projection = projection;
        Sql = sql;
        _types = selected.Select(c => c.ClrType).ToArray();
        _ordinals = projection.Columns.Select(c => selected.ToList().FindIndex(s => s.Name == c.Name)).ToArray();
    }

    public SqlProjection Projection { get; }

    public string Sql { get; }

    /// <summary>The projection's values of the reader's current row, typed as the EF Core model types them.</summary>
    public object?[] ReadRow(DbDataReader reader)
    {
        var values = new object?[_ordinals.Length];
        for (var i = 0; i < _ordinals.Length; i++)
        {
            var ordinal = _ordinals[i];
            values[i] = reader.IsDBNull(ordinal) ? null : ReadValue(reader, ordinal, _types[ordinal]);
        }

        return values;
    }

    private static object ReadValue(DbDataReader reader, int ordinal, Type type)
    {
        if (type == typeof(string))
        {
            return reader.GetString(ordinal);
        }

        if (type == typeof(int?))
        {
            return reader.GetInt32(ordinal);
        }

        if (type == typeof(double?))
        {
            return reader.GetDouble(ordinal);
        }

        if (type == typeof(bool?))
        {
            return reader.GetBoolean(ordinal);
        }

        if (type == typeof(DateOnly?))
        {
            return reader.GetFieldValue<DateOnly>(ordinal);
        }

        throw new InvalidOperationException($"A column of type {type} cannot be read.");
    }
}
