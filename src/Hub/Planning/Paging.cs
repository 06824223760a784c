using System.Globalization;
using System.Text;
using DataHub.Connectors;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Planning;

/// <summary>Page sizes, as Hot Chocolate's paging options: a default and a maximum, from configuration.</summary>
public sealed class PagingOptions
{
    public const string SectionName = "DataHub:Paging";

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 10;

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 100;
}

/// <summary>Turns <c>first</c>/<c>after</c> into an offset window, refusing sizes over the limit and cursors it did not issue.</summary>
public sealed class PagingRules(PagingOptions options, RequestLimits limits)
{
    public (int Skip, int Take) Window(int? first, string? after)
    {
        var take = first ?? options.DefaultPageSize;
        if (take < 0)
        {
            throw new DataHubError(ErrorCodes.InvalidArgument, "'first' cannot be negative.");
        }

        if (take > options.MaxPageSize)
        {
            throw new DataHubError(ErrorCodes.PageSizeTooLarge,
                $"'first' is {take}; the largest page is {options.MaxPageSize}. Ask for fewer and page with 'after'.");
        }

        var skip = after is null ? 0 : Cursor.Decode(after, limits.MaxCursorOffset) + 1;
        return (skip, take);
    }
}

/// <summary>What a <c>PageInfo</c> needs of any page: where it starts, how many items, whether more follow.</summary>
public interface IPageWindow
{
    int Offset { get; }

    int Count { get; }

    bool HasNextPage { get; }
}

/// <summary>Opaque cursors: the base64 of the item's index, as Hot Chocolate's default paging writes them.</summary>
public static class Cursor
{
    public static string Encode(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The index a cursor names; a cursor past <paramref name="maxOffset"/> is refused like a forged one.</summary>
    public static int Decode(string cursor, int maxOffset)
    {
        try
        {
            var text = cursor.Length > 16 ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < maxOffset)
            {
                return index;
            }
        }
        catch (FormatException)
        {
        }

        throw new DataHubError(ErrorCodes.InvalidCursor, "'after' is not a cursor this endpoint returned.");
    }
}

/// <summary>Reads Hot Chocolate-shaped <c>where</c> and <c>order</c> argument values into connector terms.</summary>
public static class ConnectionArguments
{
    private static readonly Dictionary<string, FilterOperator> Operators = new()
    {
        ["eq"] = FilterOperator.Eq,
        ["neq"] = FilterOperator.Neq,
        ["in"] = FilterOperator.In,
        ["nin"] = FilterOperator.NotIn,
        ["contains"] = FilterOperator.Contains,
        ["ncontains"] = FilterOperator.NotContains,
        ["startsWith"] = FilterOperator.StartsWith,
        ["endsWith"] = FilterOperator.EndsWith,
        ["gt"] = FilterOperator.Gt,
        ["gte"] = FilterOperator.Gte,
        ["lt"] = FilterOperator.Lt,
        ["lte"] = FilterOperator.Lte,
    };

    public static FilterNode? Filter(object? where) => where is IDictionary<string, object?> fields ? Node(fields) : null;

    public static IReadOnlyList<SortField> Order(object? order)
    {
        var result = new List<SortField>();
        foreach (var item in (order as IEnumerable<object?>) ?? [])
        {
            if (item is IDictionary<string, object?> fields)
            {
                result.AddRange(fields.Where(kv => kv.Value is not null)
                    .Select(kv => new SortField(kv.Key, (string)kv.Value! == "DESC")));
            }
        }

        return result;
    }

    private static AllOf Node(IDictionary<string, object?> fields)
    {
        var parts = new List<FilterNode>();
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            switch (name)
            {
                case "and":
                    parts.Add(new AllOf(Children(value)));
                    break;
                case "or":
                    parts.Add(new AnyOf(Children(value)));
                    break;
                default:
                    foreach (var (op, operand) in (IDictionary<string, object?>)value)
                    {
                        var isList = op is "in" or "nin";
                        if (operand is null && isList)
                        {
                            continue;
                        }

                        parts.Add(new FieldCondition(name, Operators[op], isList ? ((IEnumerable<object?>)operand!).ToList() : operand));
                    }

                    break;
            }
        }

        return new AllOf(parts);
    }

    private static List<FilterNode> Children(object value) =>
        ((IEnumerable<object?>)value).OfType<IDictionary<string, object?>>().Select(d => (FilterNode)Node(d)).ToList();
}
