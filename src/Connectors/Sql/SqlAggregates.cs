using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Connectors.Sql;

/// <summary>
/// Turns an <see cref="AggregateQuery"/> into one LINQ <c>GroupBy</c> that EF Core translates to SQL
/// <c>GROUP BY</c>: the filter is the list requests' own (<see cref="SqlExpressions.Filter"/>), a dimension through
/// a reference is a correlated lookup of the referenced row, buckets are SQL expressions (month, age band). Only the
/// groups come back.
/// </summary>
internal static class SqlAggregates
{
    private static readonly MethodInfo QueryableGroupBy = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.GroupBy) && m.GetParameters().Length == 2
            && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableSelect = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableWhere = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableFirstOrDefault = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.FirstOrDefault) && m.GetParameters().Length == 1);

    private static readonly MethodInfo EnumerableCount = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.LongCount) && m.GetParameters().Length == 1);

    private static readonly MethodInfo EnumerableSumDouble = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Sum) && m.GetParameters().Length == 2
            && m.GetParameters()[1].ParameterType.GetGenericArguments()[1] == typeof(double?));

    private static readonly MethodInfo EnumerableSumLong = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Sum) && m.GetParameters().Length == 2
            && m.GetParameters()[1].ParameterType.GetGenericArguments()[1] == typeof(long));

    private static readonly MethodInfo StringSubstring = typeof(string).GetMethod(nameof(string.Substring), [typeof(int), typeof(int)])!;

    private static readonly MethodInfo ContextSet = typeof(DbContext).GetMethods()
        .Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 1);

    public static async Task<IReadOnlyList<AggregateRow>> RunAsync(
        SqlSourceContext context, SqlSourceMapping mapping, AggregateQuery request, CancellationToken cancellationToken)
    {
        if (request.GroupBy.Count > AggregateQuery.MaxDimensions)
        {
            throw new ArgumentException($"At most {AggregateQuery.MaxDimensions} dimensions.", nameof(request));
        }

        var entity = mapping.GetEntity(request.TypeName);
        var query = context.Rows(entity);
        if (request.Where is not null)
        {
            query = query.Where(SqlExpressions.Filter(entity, request.Where));
        }

        var row = Expression.Parameter(typeof(Dictionary<string, object>), "row");
        var parts = request.GroupBy.Select(d => Dimension(context, mapping, entity, d, request.AsOf, row)).ToList();
        while (parts.Count < AggregateQuery.MaxDimensions)
        {
            parts.Add(Expression.Constant(0)); // an unused slot: one constant group
        }

        var keyType = typeof(GroupKey<,,>).MakeGenericType(parts.Select(p => p.Type).ToArray());
        var keyNew = Expression.New(keyType.GetConstructors()[0], parts,
            keyType.GetProperty("K0")!, keyType.GetProperty("K1")!, keyType.GetProperty("K2")!);
        var keySelector = Expression.Lambda(keyNew, row);
        var grouped = Expression.Call(QueryableGroupBy.MakeGenericMethod(typeof(Dictionary<string, object>), keyType),
            query.Expression, Expression.Quote(keySelector));

        var groupType = typeof(IGrouping<,>).MakeGenericType(keyType, typeof(Dictionary<string, object>));
        var g = Expression.Parameter(groupType, "g");
        var gKey = Expression.Property(g, "Key");
        var resultType = typeof(GroupResult<,,>).MakeGenericType(parts.Select(p => p.Type).ToArray());
        Expression sum = Expression.Constant(null, typeof(double?));
        if (request.SumField is { } sumField)
        {
            var item = Expression.Parameter(typeof(Dictionary<string, object>), "item");
            var value = Expression.Lambda(Expression.Convert(SqlExpressions.Property(item, ColumnOf(entity, sumField)), typeof(double?)), item);
            sum = Expression.Call(EnumerableSumDouble.MakeGenericMethod(typeof(Dictionary<string, object>)), g, value);
        }

        Expression keySum = Expression.Constant(null, typeof(long?));
        if (request.RecordKeys is { } recordKeys)
        {
            keySum = Expression.Convert(Expression.Call(EnumerableSumLong.MakeGenericMethod(typeof(Dictionary<string, object>)), g,
                RecordKey(entity, recordKeys)), typeof(long?));
        }

        var body = Expression.MemberInit(Expression.New(resultType),
            Expression.Bind(resultType.GetProperty("K0")!, Expression.Property(gKey, "K0")),
            Expression.Bind(resultType.GetProperty("K1")!, Expression.Property(gKey, "K1")),
            Expression.Bind(resultType.GetProperty("K2")!, Expression.Property(gKey, "K2")),
            Expression.Bind(resultType.GetProperty("Count")!, Expression.Call(EnumerableCount.MakeGenericMethod(typeof(Dictionary<string, object>)), g)),
            Expression.Bind(resultType.GetProperty("Sum")!, sum),
            Expression.Bind(resultType.GetProperty("KeySum")!, keySum));
        var selected = query.Provider.CreateQuery(Expression.Call(QueryableSelect.MakeGenericMethod(groupType, resultType),
            grouped, Expression.Quote(Expression.Lambda(body, g))));

        var rows = new List<AggregateRow>();
        await foreach (var result in ((IAsyncEnumerable<IGroupResult>)selected).WithCancellation(cancellationToken))
        {
            var keys = new List<string?>(request.GroupBy.Count);
            for (var i = 0; i < request.GroupBy.Count; i++)
            {
                keys.Add(Text(result.Key(i), request.GroupBy[i].Bucket));
            }

            rows.Add(new AggregateRow(keys, result.Count, result.Sum, result.KeySum));
        }

        return rows;
    }

    // (CAST(substr(key, length(key) - 6) AS INTEGER) * multiplier + offset) % modulus, the numbers as parameters.
    private static LambdaExpression RecordKey(SqlEntityMap entity, RecordKeys keys)
    {
        var item = Expression.Parameter(typeof(Dictionary<string, object>), "item");
        var key = SqlExpressions.Property(item, entity.KeyColumn!);
        var digits = Expression.Convert(Expression.Convert(Expression.Call(key, StringSubstring,
            Expression.Subtract(Expression.Property(key, nameof(string.Length)), Expression.Constant(7)), Expression.Constant(7)), typeof(object)), typeof(long));
        var mixed = Expression.Modulo(
            Expression.Add(Expression.Multiply(digits, LongHolder(keys.Multiplier)), LongHolder(keys.Offset)), LongHolder(keys.Modulus));
        return Expression.Lambda(mixed, item);
    }

    private static MemberExpression LongHolder(long value) =>
        Expression.Property(Expression.Constant(new LongValue(value)), nameof(LongValue.Value));

    /// <summary>The label of an age band: <c>0-5</c>, …, the last one <c>60+</c>.</summary>
    public static string AgeBandLabel(IReadOnlyList<int> bands, int index) =>
        index == bands.Count - 1
            ? string.Create(CultureInfo.InvariantCulture, $"{bands[index]}+")
            : string.Create(CultureInfo.InvariantCulture, $"{bands[index]}-{bands[index + 1] - 1}");

    private static Expression Dimension(
        SqlSourceContext context, SqlSourceMapping mapping, SqlEntityMap entity, AggregateDimension dimension, DateOnly asOf, ParameterExpression row)
    {
        Expression value;
        if (dimension.Through is { } through)
        {
            if (entity.Fields.GetValueOrDefault(through) is not SqlReferenceMap reference)
            {
                throw new InvalidOperationException($"{entity.TypeName}.{through} is not a reference of source '{mapping.SourceName}'.");
            }

            // (SELECT target.column FROM target WHERE target.key = row.reference LIMIT 1): one indexed lookup per row,
            // inside the same statement.
            var target = mapping.GetEntity(reference.TargetType);
            var column = ColumnOf(target, dimension.Field);
            var set = Expression.Call(Expression.Constant(context), ContextSet.MakeGenericMethod(typeof(Dictionary<string, object>)),
                Expression.Constant(target.TypeName));
            var t = Expression.Parameter(typeof(Dictionary<string, object>), "t");
            var match = Expression.Lambda(Expression.Equal(SqlExpressions.Property(t, target.KeyColumn!), SqlExpressions.Property(row, reference.Column)), t);
            var where = Expression.Call(QueryableWhere.MakeGenericMethod(typeof(Dictionary<string, object>)), set, Expression.Quote(match));
            var select = Expression.Call(QueryableSelect.MakeGenericMethod(typeof(Dictionary<string, object>), column.ClrType), where,
                Expression.Quote(Expression.Lambda(SqlExpressions.Property(t, column), t)));
            value = Expression.Call(QueryableFirstOrDefault.MakeGenericMethod(column.ClrType), select);
        }
        else
        {
            value = SqlExpressions.Property(row, ColumnOf(entity, dimension.Field));
        }

        return dimension.Bucket switch
        {
            DimensionBucket.Value => value,
            DimensionBucket.Month when value.Type == typeof(DateOnly?) => Month(value),
            DimensionBucket.AgeBand when value.Type == typeof(DateOnly?) => AgeBand(value, dimension.AgeBands, asOf),
            DimensionBucket.Present => Expression.NotEqual(value, Expression.Constant(null, value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                ? typeof(Nullable<>).MakeGenericType(value.Type) : value.Type)),
            _ => throw new InvalidOperationException($"'{dimension.Field}' is not a date; it has no {dimension.Bucket}."),
        };
    }

    // year * 100 + month: an integer SQL computes on either provider; the hub writes it as yyyy-MM.
    private static Expression Month(Expression date)
    {
        var day = Expression.Property(date, nameof(Nullable<DateOnly>.Value));
        return Expression.Convert(
            Expression.Add(Expression.Multiply(Expression.Property(day, nameof(DateOnly.Year)), Expression.Constant(100)),
                Expression.Property(day, nameof(DateOnly.Month))),
            typeof(int?));
    }

    // CASE WHEN dateOfBirth > asOf - 6 years THEN '0-5' WHEN ... ELSE '60+' END; the bounds travel as parameters.
    private static Expression AgeBand(Expression dateOfBirth, IReadOnlyList<int> bands, DateOnly asOf)
    {
        if (bands.Count == 0 || bands[0] != 0)
        {
            throw new InvalidOperationException("Age bands start at 0.");
        }

        Expression result = Expression.Constant(AgeBandLabel(bands, bands.Count - 1));
        for (var i = bands.Count - 2; i >= 0; i--)
        {
            var bornAfter = Holder(asOf.AddYears(-bands[i + 1]));
            result = Expression.Condition(Expression.GreaterThan(dateOfBirth, bornAfter), Expression.Constant(AgeBandLabel(bands, i)), result);
        }

        return result;
    }

    private static MemberExpression Holder(DateOnly? value) =>
        Expression.Property(Expression.Constant(new DateHolder(value)), nameof(DateHolder.Value));

    // A field, or a field of an embedded object ("idCard.number").
    private static SqlColumn ColumnOf(SqlEntityMap entity, string field) =>
        entity.Fields.GetValueOrDefault(field.Split('.')[0]) switch
        {
            SqlColumnMap c => c.Column,
            SqlReferenceMap r => r.Column,
            SqlEmbeddedMap e when field.Split('.') is [_, var inner] && e.Columns.TryGetValue(inner, out var column) => column,
            _ => throw new InvalidOperationException($"{entity.TypeName}.{field} cannot be grouped or summed in SQL."),
        };

    private static string? Text(object? value, DimensionBucket bucket) => value switch
    {
        null => null,
        bool present => present ? "true" : "false",
        int month when bucket == DimensionBucket.Month => string.Create(CultureInfo.InvariantCulture, $"{month / 100:D4}-{month % 100:D2}"),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed class LongValue(long value)
    {
        public long Value { get; } = value;
    }

    private sealed class DateHolder(DateOnly? value)
    {
        public DateOnly? Value { get; } = value;
    }
}
