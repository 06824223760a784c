using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Connectors.Sql;

/// <summary>
/// Builds the LINQ expressions EF Core translates to SQL over property-bag rows. Values always travel as
/// captured variables, so EF Core sends them as SQL parameters, never as text spliced into the statement.
/// </summary>
internal static class SqlExpressions
{
    private static readonly MethodInfo EfProperty = typeof(EF).GetMethod(nameof(EF.Property))!;
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;

    public static Expression Property(ParameterExpression row, SqlColumn column) =>
        Expression.Call(EfProperty.MakeGenericMethod(column.ClrType), row, Expression.Constant(column.Name));

    public static Expression<Func<Dictionary<string, object>, T>> Property<T>(SqlColumn column)
    {
        var row = Row();
        return Expression.Lambda<Func<Dictionary<string, object>, T>>(Property(row, column), row);
    }

    public static Expression<Func<Dictionary<string, object>, bool>> Filter(SqlEntityMap entity, FilterNode filter)
    {
        var row = Row();
        return Expression.Lambda<Func<Dictionary<string, object>, bool>>(Build(entity, filter, row), row);
    }

    public static IQueryable<Dictionary<string, object>> Order(
        IQueryable<Dictionary<string, object>> query, SqlEntityMap entity, IReadOnlyList<SortField> order)
    {
        // The key always ends the order, so pages are stable when the sort values tie.
        var sorts = order.Where(s => s.Field != entity.KeyField).Append(new SortField(entity.KeyField, false));
        var first = true;
        foreach (var sort in sorts)
        {
            var column = ColumnOf(entity, sort.Field);
            var row = Row();
            var key = Expression.Lambda(Property(row, column), row);
            var method = (first, sort.Descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var call = Expression.Call(typeof(Queryable), method, [typeof(Dictionary<string, object>), column.ClrType],
                query.Expression, Expression.Quote(key));
            query = query.Provider.CreateQuery<Dictionary<string, object>>(call);
            first = false;
        }

        return query;
    }

    private static Expression Build(SqlEntityMap entity, FilterNode node, ParameterExpression row) => node switch
    {
        AllOf all => all.Parts.Select(p => Build(entity, p, row)).Aggregate((Expression)Expression.Constant(true), Expression.AndAlso),
        AnyOf any => any.Parts.Count == 0
            ? Expression.Constant(true)
            : any.Parts.Select(p => Build(entity, p, row)).Aggregate(Expression.OrElse),
        FieldCondition condition => Condition(entity, condition, row),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static Expression Condition(SqlEntityMap entity, FieldCondition condition, ParameterExpression row)
    {
        var column = ColumnOf(entity, condition.Field);
        var property = Property(row, column);
        var type = column.ClrType;

        if (condition.Operator is FilterOperator.In or FilterOperator.NotIn)
        {
            var values = (condition.Value as IEnumerable<object?> ?? []).Select(v => ConvertValue(v, type));
            var listType = typeof(List<>).MakeGenericType(type);
            var list = (System.Collections.IList)Activator.CreateInstance(listType)!;
            foreach (var value in values)
            {
                list.Add(value);
            }

            Expression contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [type], Parameter(list, listType), property);
            return condition.Operator == FilterOperator.In ? contains : Expression.Not(contains);
        }

        var operand = Parameter(ConvertValue(condition.Value, type), type);
        if (type == typeof(string) && condition.Operator is FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte)
        {
            // Keyset paging over text keys (a reconciliation reads a source in key order): string.Compare, which
            // EF Core translates to the database's own comparison.
            var compared = Expression.Call(StringCompare, property, operand);
            var zero = Expression.Constant(0);
            return condition.Operator switch
            {
                FilterOperator.Gt => Expression.GreaterThan(compared, zero),
                FilterOperator.Gte => Expression.GreaterThanOrEqual(compared, zero),
                FilterOperator.Lt => Expression.LessThan(compared, zero),
                _ => Expression.LessThanOrEqual(compared, zero),
            };
        }

        return condition.Operator switch
        {
            FilterOperator.Eq => Expression.Equal(property, operand),
            FilterOperator.Neq => Expression.NotEqual(property, operand),
            FilterOperator.Contains => Expression.Call(property, StringContains, operand),
            FilterOperator.NotContains => Expression.Not(Expression.Call(property, StringContains, operand)),
            FilterOperator.StartsWith => Expression.Call(property, StringStartsWith, operand),
            FilterOperator.EndsWith => Expression.Call(property, StringEndsWith, operand),
            FilterOperator.Gt => Expression.GreaterThan(property, operand),
            FilterOperator.Gte => Expression.GreaterThanOrEqual(property, operand),
            FilterOperator.Lt => Expression.LessThan(property, operand),
            FilterOperator.Lte => Expression.LessThanOrEqual(property, operand),
            _ => throw new ArgumentOutOfRangeException(nameof(condition)),
        };
    }

    private static SqlColumn ColumnOf(SqlEntityMap entity, string field) =>
        entity.Fields.GetValueOrDefault(field) switch
        {
            SqlColumnMap c => c.Column,
            SqlReferenceMap r => r.Column,
            _ => throw new InvalidOperationException($"{entity.TypeName}.{field} cannot be filtered or sorted in SQL."),
        };

    private static object? ConvertValue(object? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            null => null,
            _ when target.IsInstanceOfType(value) => value,
            DateTime dt when target == typeof(DateOnly) => DateOnly.FromDateTime(dt),
            string s when target == typeof(DateOnly) => DateOnly.Parse(s, CultureInfo.InvariantCulture),
            _ => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
        };
    }

    // A member access on a closure-like holder is what EF Core turns into a SQL parameter.
    private static MemberExpression Parameter(object? value, Type type)
    {
        var holderType = typeof(ValueHolder<>).MakeGenericType(type);
        var holder = Activator.CreateInstance(holderType, value)!;
        return Expression.Property(Expression.Constant(holder), nameof(ValueHolder<object>.Value));
    }

    private static ParameterExpression Row() => Expression.Parameter(typeof(Dictionary<string, object>), "row");

    private sealed class ValueHolder<T>(T value)
    {
        public T Value { get; } = value;
    }
}
