using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Planning;

/// <summary>
/// Reads coerced <c>where</c> and <c>order</c> values (Hot Chocolate's shapes) for what they reveal and how big they
/// are. A filter becomes SQL and an expression tree as deep as its lists; its size is bounded here, before any source.
/// </summary>
public static class FilterShape
{
    /// <summary>Refuses a filter with lists, nesting or conditions past the limits (<c>FILTER_TOO_COMPLEX</c>).</summary>
    public static void Check(object? where, RequestLimits limits, PlannedField at)
    {
        var conditions = 0;
        Visit(where, 1);

        void Visit(object? value, int depth)
        {
            if (value is not IDictionary<string, object?> fields)
            {
                return;
            }

            if (depth > limits.MaxFilterDepth)
            {
                throw Refuse($"The filter nests 'and'/'or' more than {limits.MaxFilterDepth} deep.");
            }

            foreach (var (name, inner) in fields)
            {
                if (name is "and" or "or")
                {
                    var items = inner as IEnumerable<object?> ?? [];
                    CheckLength(items, name);
                    foreach (var item in items)
                    {
                        Visit(item, depth + 1);
                    }

                    continue;
                }

                foreach (var (op, operand) in inner as IDictionary<string, object?> ?? new Dictionary<string, object?>())
                {
                    if (++conditions > limits.MaxFilterConditions)
                    {
                        throw Refuse($"The filter has more than {limits.MaxFilterConditions} conditions.");
                    }

                    if (operand is not string && operand is IEnumerable<object?> list)
                    {
                        CheckLength(list, $"{name}.{op}");
                    }
                }
            }
        }

        void CheckLength(IEnumerable<object?> items, string name)
        {
            if (items.Take(limits.MaxFilterListLength + 1).Count() > limits.MaxFilterListLength)
            {
                throw Refuse($"'{name}' lists more than {limits.MaxFilterListLength} items.");
            }
        }

        RequestRefusedException Refuse(string message) => new(ErrorCodes.FilterTooComplex, message + " Narrow the filter or split the request.", at);
    }

    /// <summary>Field names used in a where/order value, through and/or nesting (a name may repeat).</summary>
    public static IEnumerable<string> FieldsNamed(object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> fields:
                foreach (var (key, inner) in fields)
                {
                    if (key is "and" or "or")
                    {
                        foreach (var nested in FieldsNamed(inner))
                        {
                            yield return nested;
                        }
                    }
                    else if (inner is not null)
                    {
                        yield return key;
                    }
                }

                break;
            case IEnumerable<object?> list when value is not string:
                foreach (var nested in list.SelectMany(FieldsNamed))
                {
                    yield return nested;
                }

                break;
        }
    }
}
