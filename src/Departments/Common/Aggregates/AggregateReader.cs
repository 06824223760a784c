using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DataHub.Departments.Aggregates;

/// <summary>
/// Computes a service's own aggregates: one SQL <c>GROUP BY</c> over its table, built only from the names the
/// <see cref="AggregateTable"/> allows; every value a client sends is a parameter. Only the groups leave.
/// </summary>
public sealed class AggregateReader(string databaseFile, AggregateTable table)
{
    public const int MaxDimensions = 3;
    public const int MaxConditions = 20;
    public const int MaxValues = 500;

    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly }.ToString();

    public AggregateTable Table => table;

    public async Task<List<AggregateGroup>> RunAsync(AggregateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groupBy = request.GroupBy ?? [];
        var where = request.Where ?? [];
        if (groupBy.Count > MaxDimensions || groupBy.Distinct().Count() != groupBy.Count)
        {
            throw new AggregateRefusedException(AggregateRefusedException.TooLarge, $"'groupBy' takes up to {MaxDimensions} different dimensions.");
        }

        if (where.Count > MaxConditions)
        {
            throw new AggregateRefusedException(AggregateRefusedException.TooLarge, $"'where' takes up to {MaxConditions} conditions.");
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var dimensions = groupBy.Select(Dimension).ToList();
        var sql = new StringBuilder("SELECT ");
        foreach (var (expression, _) in dimensions)
        {
            sql.Append(expression).Append(", ");
        }

        sql.Append("count(*), ");
        if (request.RecordKeys is { } keys)
        {
            if (keys.Modulus <= 0 || keys.Multiplier <= 0 || keys.Multiplier >= keys.Modulus || keys.Offset < 0 || keys.Offset >= keys.Modulus)
            {
                throw new AggregateRefusedException(AggregateRefusedException.BadCondition, "'recordKeys' needs 0 < multiplier < modulus and 0 <= offset < modulus.");
            }

            sql.Append(CultureInfo.InvariantCulture, $"sum((CAST(substr({table.KeyColumn}, length({table.KeyColumn}) - 6) AS INTEGER) * $km + $ko) % $kn)");
            command.Parameters.AddWithValue("$km", keys.Multiplier);
            command.Parameters.AddWithValue("$ko", keys.Offset);
            command.Parameters.AddWithValue("$kn", keys.Modulus);
        }
        else
        {
            sql.Append("NULL");
        }

        sql.Append(" FROM ").Append(table.Table);
        for (var i = 0; i < where.Count; i++)
        {
            sql.Append(i == 0 ? " WHERE " : " AND ").Append(Condition(where[i], "$w" + i.ToString(CultureInfo.InvariantCulture), command));
        }

        if (dimensions.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, dimensions.Count));
        }

#pragma warning disable CA2100 // Names come from the AggregateTable only; values are parameters.
        command.CommandText = sql.ToString();
#pragma warning restore CA2100
        var groups = new List<AggregateGroup>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var count = reader.GetInt64(dimensions.Count);
            if (count == 0)
            {
                continue; // no group by: an empty table is no group, as GROUP BY gives none
            }

            var values = dimensions.Select((d, i) => reader.IsDBNull(i) ? null : Text(reader.GetValue(i), d.Column)).ToList();
            groups.Add(new AggregateGroup(values, count, reader.IsDBNull(dimensions.Count + 1) ? null : reader.GetInt64(dimensions.Count + 1)));
        }

        return groups;
    }

    private (string Sql, AggregateColumn Column) Dimension(string name)
    {
        var (field, bucket) = name.Split(':') switch
        {
            [var f] => (f, null),
            [var f, var b] => (f, b),
            _ => (name, "?"),
        };
        var column = table.Column(field);
        return (column, bucket) switch
        {
            (null, _) => throw new AggregateRefusedException(AggregateRefusedException.UnknownDimension,
                $"'{Bounded(name)}' is not a dimension; these are: {string.Join(", ", table.Columns.Select(c => c.Kind == AggregateColumnKind.Date ? c.Name + ":month" : c.Name))}."),
            ({ Kind: AggregateColumnKind.Date }, "month") => ($"substr({column.Sql}, 1, 7)", column with { Kind = AggregateColumnKind.Text }),
            (_, null) => (column.Sql, column),
            _ => throw new AggregateRefusedException(AggregateRefusedException.UnknownDimension, $"'{Bounded(name)}': only a date has ':month'."),
        };
    }

    private string Condition(AggregateCondition condition, string parameter, SqliteCommand command)
    {
        var column = table.Column(condition.Field ?? "")
            ?? throw new AggregateRefusedException(AggregateRefusedException.UnknownField, $"'{Bounded(condition.Field ?? "")}' cannot be filtered on.");
        var op = condition.Op switch
        {
            "eq" => "=",
            "neq" => "<>",
            "gt" => ">",
            "gte" => ">=",
            "lt" => "<",
            "lte" => "<=",
            "in" => "IN",
            "nin" => "NOT IN",
            _ => throw new AggregateRefusedException(AggregateRefusedException.BadCondition,
                $"'{Bounded(condition.Op ?? "")}' is not an operator: eq, neq, gt, gte, lt, lte, in, nin."),
        };
        if (op is "IN" or "NOT IN")
        {
            var values = condition.Values ?? throw new AggregateRefusedException(AggregateRefusedException.BadCondition, $"'{condition.Op}' takes 'values'.");
            if (values.Count > MaxValues)
            {
                throw new AggregateRefusedException(AggregateRefusedException.TooLarge, $"'values' takes up to {MaxValues}.");
            }

            command.Parameters.AddWithValue(parameter, JsonSerializer.Serialize(values.Select(v => Value(column, v)).ToList()));
            return $"{column.Sql} {op} (SELECT value FROM json_each({parameter}))";
        }

        if (condition.Value is null)
        {
            return op switch
            {
                "=" => $"{column.Sql} IS NULL",
                "<>" => $"{column.Sql} IS NOT NULL",
                _ => throw new AggregateRefusedException(AggregateRefusedException.BadCondition, $"'{condition.Op}' takes a 'value'."),
            };
        }

        command.Parameters.AddWithValue(parameter, Value(column, condition.Value) ?? DBNull.Value);
        return $"{column.Sql} {op} {parameter}";
    }

    // A value as the API writes it, as the table stores it.
    private static object? Value(AggregateColumn column, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return column.Kind switch
        {
            AggregateColumnKind.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            AggregateColumnKind.Boolean when bool.TryParse(text, out var flag) => flag ? 1L : 0L,
            AggregateColumnKind.Date when DateOnly.TryParseExact(text, column.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
                date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AggregateColumnKind.Text => text,
            _ => throw new AggregateRefusedException(AggregateRefusedException.BadCondition,
                $"'{Bounded(text)}' is not a value of '{column.Name}' ({column.Kind.ToString().ToLowerInvariant()}{(column.Kind == AggregateColumnKind.Date ? ", " + column.DateFormat : "")})."),
        };
    }

    private static string Text(object value, AggregateColumn column) => column.Kind switch
    {
        AggregateColumnKind.Boolean => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0 ? "true" : "false",
        AggregateColumnKind.Date => DateOnly.ParseExact((string)value, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString(column.DateFormat, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Bounded(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
