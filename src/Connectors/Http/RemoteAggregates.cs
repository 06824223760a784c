using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Connectors.Http;

/// <summary>
/// What the GraphQL and REST connectors share when a department service counts for the hub: the hub's
/// <see cref="AggregateQuery"/> in the services' aggregate shape — dimensions as remote field names (<c>name</c>, or
/// <c>name:month</c>), the filter as conditions that all hold (<c>{ field, op, value | values }</c>), the record-key
/// parameters — and the groups read back. A filter the shape cannot carry (<c>or</c>, text matching) and a dimension
/// other than a value or a month are refused before any call.
/// </summary>
internal static class RemoteAggregates
{
    public static JsonArray Dimensions(string source, AggregateQuery query, Func<string, string> remoteName) =>
        new(query.GroupBy.Select(d => (JsonNode)JsonValue.Create((d.Bucket, d.Through) switch
        {
            (DimensionBucket.Value, null) => remoteName(d.Field),
            (DimensionBucket.Month, null) => remoteName(d.Field) + ":month",
            _ => throw new AggregateRefusedException(source, AggregateRefusedException.NotSupported,
                $"The source '{source}' groups by a field's value or a date's month only, not by {d.Bucket} of '{d.Field}'."),
        })!).ToArray());

    /// <summary>The filter as conditions that all hold; <paramref name="value"/> writes a value as the remote does.</summary>
    public static JsonArray Conditions(string source, FilterNode? where, Func<string, string> remoteName, Func<string, object?, string?> value)
    {
        var conditions = new JsonArray();
        Add(where);
        return conditions;

        void Add(FilterNode? node)
        {
            switch (node)
            {
                case null:
                    return;
                case AllOf all:
                    foreach (var part in all.Parts)
                    {
                        Add(part);
                    }

                    return;
                case FieldCondition c when Operator(c.Operator) is { } op:
                    var condition = new JsonObject { ["field"] = remoteName(c.Field), ["op"] = op };
                    if (op is "in" or "nin")
                    {
                        condition["values"] = new JsonArray(((System.Collections.IEnumerable?)c.Value ?? Array.Empty<object>()).Cast<object?>()
                            .Select(v => (JsonNode?)JsonValue.Create(value(c.Field, v))).ToArray());
                    }
                    else
                    {
                        condition["value"] = value(c.Field, c.Value);
                    }

                    conditions.Add(condition);
                    return;
                default:
                    throw new AggregateRefusedException(source, AggregateRefusedException.NotSupported,
                        $"The source '{source}' counts with conditions that all hold (eq, neq, in, nin, gt, gte, lt, lte); not with 'or' or text matching.");
            }
        }
    }

    public static JsonObject? RecordKeys(AggregateQuery query) => query.RecordKeys is { } keys
        ? new JsonObject { ["multiplier"] = keys.Multiplier, ["offset"] = keys.Offset, ["modulus"] = keys.Modulus }
        : null;

    /// <summary>The groups of an answer; <paramref name="hubValue"/> turns a remote dimension value into the hub's.</summary>
    public static List<AggregateRow> Rows(HttpSource http, JsonElement groups, AggregateQuery query, Func<int, string?, string?> hubValue)
    {
        if (groups.ValueKind != JsonValueKind.Array)
        {
            throw http.BadAnswer("the aggregate is not a list of groups");
        }

        var rows = new List<AggregateRow>(groups.GetArrayLength());
        foreach (var group in groups.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object
                || !group.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array || keys.GetArrayLength() != query.GroupBy.Count
                || !group.TryGetProperty("count", out var count) || !count.TryGetInt64(out var n))
            {
                throw http.BadAnswer("a group has no keys of the dimensions asked or no count");
            }

            long? keySum = group.TryGetProperty("keySum", out var sum) && sum.TryGetInt64(out var s) ? s : null;
            if (query.RecordKeys is not null && keySum is null)
            {
                throw http.BadAnswer("a group has no key sum");
            }

            var values = keys.EnumerateArray().Select((k, i) => hubValue(i, k.ValueKind == JsonValueKind.String ? k.GetString() : null)).ToList();
            rows.Add(new AggregateRow(values, n, null, keySum));
        }

        return rows;
    }

    /// <summary>A filter value written as text: a date in <paramref name="dateFormat"/>, a flag as true/false.</summary>
    public static string? Text(object? value, string dateFormat) => value switch
    {
        null => null,
        DateOnly date => date.ToString(dateFormat, CultureInfo.InvariantCulture),
        DateTime time => DateOnly.FromDateTime(time).ToString(dateFormat, CultureInfo.InvariantCulture),
        DateTimeOffset time => DateOnly.FromDateTime(time.UtcDateTime).ToString(dateFormat, CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? Operator(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "eq",
        FilterOperator.Neq => "neq",
        FilterOperator.In => "in",
        FilterOperator.NotIn => "nin",
        FilterOperator.Gt => "gt",
        FilterOperator.Gte => "gte",
        FilterOperator.Lt => "lt",
        FilterOperator.Lte => "lte",
        _ => null,
    };
}
