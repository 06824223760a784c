using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Connectors.Http;

namespace DataHub.Connectors.Rest;

/// <summary>
/// Reads a REST/JSON department API described by its mapping's URL templates: one HTTP call per hub call (the batch
/// template with every key, or the single template when there is one key), JSON properties mapped to schema fields.
/// Keys are URL-escaped one by one; nothing else from a request reaches the URL.
/// </summary>
public sealed class RestConnector : ISourceConnector, IAggregateSource, IKeyCountSource, IDisposable
{
    private readonly RestSourceMapping _mapping;
    private readonly HttpSource _http;

    public RestConnector(RestSourceMapping mapping, HttpSourceSettings settings, HttpSourceClients? clients = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
        _http = new HttpSource(mapping.Schema.Name, settings, clients);
    }

    public string SourceName => _mapping.Schema.Name;

    public async Task<IReadOnlyDictionary<string, SourceRow>> LookupAsync(
        string typeName, IReadOnlyCollection<string> keys, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var entity = Entity(typeName);
        if (keys.Count == 0)
        {
            return new Dictionary<string, SourceRow>();
        }

        if (entity.Lookup is { } lookup)
        {
            var items = await FetchAsync(lookup, keys, cancellationToken);
            return items.GroupBy(i => i.Parent).ToDictionary(g => g.Key, g => g.First().Row, StringComparer.Ordinal);
        }

        // A hub-side entity (Citizen here): a single-valued field is the parent's first item. Each asked field is one
        // call; the demo's Citizen has one such field, so one call per level.
        var asked = fields.Where(entity.Fetches.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToList();
        var results = new Dictionary<string, List<(string Parent, SourceRow Row)>>(StringComparer.Ordinal);
        foreach (var field in asked)
        {
            results[field] = await FetchAsync(entity.Fetches[field], keys, cancellationToken);
        }

        return keys.Distinct().ToDictionary(
            key => key,
            key => new SourceRow(key, asked.ToDictionary(f => f, f => (object?)results[f].FirstOrDefault(i => i.Parent == key).Row, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceRow>>> CollectAsync(
        string typeName, string fieldName, IReadOnlyCollection<string> parentKeys, IReadOnlyCollection<string> fields,
        CancellationToken cancellationToken)
    {
        var fetch = Entity(typeName).Fetches.GetValueOrDefault(fieldName)
            ?? throw new InvalidOperationException($"{typeName}.{fieldName} is not a list field of source '{SourceName}'.");
        if (parentKeys.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<SourceRow>>();
        }

        var items = await FetchAsync(fetch, parentKeys, cancellationToken);
        return items.GroupBy(i => i.Parent)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SourceRow>)g.Select(i => i.Row).ToList(), StringComparer.Ordinal);
    }

    public Task<SourcePage> ListAsync(ListQuery request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Source '{SourceName}' serves look-ups only (its mapping was checked for @connection).");

    public async Task<SourceHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_http.IsCircuitOpen)
        {
            return new SourceHealth(false, "circuit open after repeated failures; calls fail at once until it closes") { Circuit = _http.CircuitState };
        }

        var answer = await _http.ProbeAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(_mapping.HealthPath)), cancellationToken);
        return answer switch
        {
            null => new SourceHealth(false, "the REST service does not answer") { Circuit = _http.CircuitState },
            { Status: var status } when (int)status is >= 200 and < 300 => new SourceHealth(true, "ok") { Circuit = _http.CircuitState },
            { Status: var status } => new SourceHealth(false, $"the REST service answers HTTP {(int)status}") { Circuit = _http.CircuitState },
        };
    }

    /// <summary>
    /// One <c>POST</c> to the type's aggregate path (mapping <c>"aggregates"</c>): fields under their JSON names,
    /// enum values and dates as the service writes them, and back; only groups come back.
    /// </summary>
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_mapping.Aggregates.TryGetValue(query.TypeName, out var path))
        {
            throw new AggregateRefusedException(SourceName, AggregateRefusedException.NotSupported, $"The source '{SourceName}' does not count '{query.TypeName}'.");
        }

        var values = _mapping.ValuesOf(query.TypeName);
        var type = _mapping.Schema.FindType(query.TypeName)!;
        string Remote(string field) => values.GetValueOrDefault(field) is { Path: [var name] } ? name
            : type.FindField(field) is not null && !values.ContainsKey(field) ? field
            : throw new AggregateRefusedException(SourceName, AggregateRefusedException.NotSupported, $"'{query.TypeName}.{field}' is not counted by '{SourceName}'.");
        string? Write(string field, object? value)
        {
            var spec = values.GetValueOrDefault(field);
            var format = spec?.DateFormat ?? "yyyy-MM-dd";
            if (value is string text && spec?.DateFormat is not null
                && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                value = date;
            }

            var written = RemoteAggregates.Text(value, format);
            return spec?.Values is { } table && written is not null
                ? table.FirstOrDefault(kv => kv.Value == written).Key ?? written
                : written;
        }

        var body = new JsonObject
        {
            ["groupBy"] = RemoteAggregates.Dimensions(SourceName, query, Remote),
            ["where"] = RemoteAggregates.Conditions(SourceName, query.Where, Remote, Write),
            ["recordKeys"] = RemoteAggregates.RecordKeys(query),
        };
        using var json = await _http.SendAggregateAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = JsonContent.Create(body) },
            error => error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
            cancellationToken);
        var groups = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("groups", out var g) ? g : default;
        return RemoteAggregates.Rows(_http, groups, query, (i, value) =>
        {
            var dimension = query.GroupBy[i];
            var spec = values.GetValueOrDefault(dimension.Field);
            if (value is null || dimension.Bucket == DimensionBucket.Month)
            {
                return value;
            }

            if (spec?.Values is { } table)
            {
                return table.TryGetValue(value, out var hub) ? hub : throw _http.BadAnswer($"'{dimension.Field}' has a value outside its table");
            }

            return spec?.DateFormat is { } format && DateOnly.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : value;
        });
    }

    /// <summary>
    /// One <c>POST</c> to the type's key-count path (mapping <c>"keyCounts"</c>) with the batch in the body (never the
    /// URL, so no key lands in an access log): <c>{ holderIds, validOn, recordKeys }</c> → <c>{ count, keySum }</c>.
    /// </summary>
    public async Task<AggregateRow> CountKeysAsync(KeyCountQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_mapping.KeyCounts.TryGetValue(query.TypeName, out var path))
        {
            throw new AggregateRefusedException(SourceName, AggregateRefusedException.NotSupported, $"The source '{SourceName}' does not count '{query.TypeName}' by key.");
        }

        if (query.Keys.Count is 0 or > KeyCountQuery.MaxKeys)
        {
            throw new ArgumentException($"1 to {KeyCountQuery.MaxKeys} keys per batch.", nameof(query));
        }

        var body = new JsonObject
        {
            ["holderIds"] = new JsonArray(query.Keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["validOn"] = query.InForceOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            ["recordKeys"] = query.RecordKeys is { } keys
                ? new JsonObject { ["multiplier"] = keys.Multiplier, ["offset"] = keys.Offset, ["modulus"] = keys.Modulus }
                : null,
        };
        using var json = await _http.SendAggregateAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = JsonContent.Create(body) },
            error => error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
            cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("count", out var count) || !count.TryGetInt64(out var n)
            || n < 0 || n > query.Keys.Count)
        {
            throw _http.BadAnswer("the key count has no count within the batch");
        }

        long? keySum = root.TryGetProperty("keySum", out var sum) && sum.TryGetInt64(out var s) ? s : null;
        return new AggregateRow([], n, null, query.RecordKeys is null ? null : keySum ?? throw _http.BadAnswer("the key count has no key sum"));
    }

    public void Dispose() => _http.Dispose();

    private RestEntityMap Entity(string typeName) =>
        _mapping.Entities.GetValueOrDefault(typeName)
        ?? throw new InvalidOperationException($"Source '{SourceName}' has no mapping for type '{typeName}'.");

    private async Task<List<(string Parent, SourceRow Row)>> FetchAsync(RestFetch fetch, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        var single = fetch.Single is not null && distinct.Count == 1;
        var path = single
            ? fetch.Single!.Replace("{key}", Uri.EscapeDataString(distinct[0]), StringComparison.Ordinal)
            : fetch.Batch.Replace("{keys}", string.Join(",", distinct.Select(Uri.EscapeDataString)), StringComparison.Ordinal);
        using var json = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(path)), notFoundIsEmpty: single, cancellationToken);
        if (json is null)
        {
            return [];
        }

        var type = _mapping.Schema.FindType(fetch.ItemType)!;
        var items = single ? [json.RootElement] : Navigate(json.RootElement, fetch.ItemsPath) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().ToList()
            : throw _http.BadAnswer($"no array at '{string.Join(".", fetch.ItemsPath)}'");
        var wanted = distinct.ToHashSet(StringComparer.Ordinal);
        var rows = new List<(string, SourceRow)>(items.Count);
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw _http.BadAnswer("an item is not a JSON object");
            }

            var parent = Navigate(item, fetch.KeyPath) is { ValueKind: JsonValueKind.String } p
                ? p.GetString()!
                : throw _http.BadAnswer($"an item has no '{string.Join(".", fetch.KeyPath)}'");
            if (wanted.Contains(parent))
            {
                rows.Add((parent, ReadRow(item, type)));
            }
        }

        return rows;
    }

    private SourceRow ReadRow(JsonElement item, SourceType type)
    {
        var plan = _readPlans.GetOrAdd(type.Name, static (_, state) => state.Connector.ReadPlan(state.Type), (Connector: this, Type: type));
        var values = new Dictionary<string, object?>(plan.Length, StringComparer.Ordinal);
        foreach (var (field, spec, embedded, valueType) in plan)
        {
            var value = Navigate(item, spec.Path);
            if (embedded is not null)
            {
                values[field.Name] = value.ValueKind == JsonValueKind.Object ? ReadRow(value, embedded)
                    : value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined && !field.Type.NonNull ? null
                    : throw _http.BadAnswer($"'{type.Name}.{field.Name}' is not an object");
                continue;
            }

            if (!JsonValues.TryRead(value, valueType, _mapping.Schema, spec.DateFormat, spec.Values, out var read, out var problem))
            {
                throw _http.BadAnswer($"'{type.Name}.{field.Name}' {problem}");
            }

            values[field.Name] = read;
        }

        var key = type.IsEntity ? values.GetValueOrDefault(type.KeyFields[0]) as string ?? "" : "";
        return new SourceRow(key, values);
    }

    // How each field of a type is read from an item, worked out once per type rather than once per row.
    private readonly ConcurrentDictionary<string, ReadStep[]> _readPlans = new(StringComparer.Ordinal);

    private ReadStep[] ReadPlan(SourceType type)
    {
        var map = _mapping.ValuesOf(type.Name);
        var fetched = _mapping.Entities.GetValueOrDefault(type.Name)?.Fetches;
        return type.Fields.Where(f => fetched?.ContainsKey(f.Name) != true).Select(field =>
        {
            var spec = map.GetValueOrDefault(field.Name) ?? new RestValueMap([field.Name], null, null, false);
            var target = _mapping.Schema.FindType(field.Type.Name);
            var embedded = target is { Kind: SourceTypeKind.Object, IsEntity: false } ? target : null;
            return new ReadStep(field, spec, embedded, spec.IsReference ? field.Type with { Name = "ID" } : field.Type);
        }).ToArray();
    }

    private readonly record struct ReadStep(SourceField Field, RestValueMap Spec, SourceType? Embedded, TypeRef ValueType);

    // Templates are relative to the source's URL, which may carry a path of its own (http://host/bhxh/api).
    private Uri Url(string pathAndQuery)
    {
        var root = _http.Settings.Url.AbsoluteUri;
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), pathAndQuery.TrimStart('/'));
    }

    private static JsonElement Navigate(JsonElement element, IReadOnlyList<string> path)
    {
        for (var i = 0; i < path.Count; i++) // indexed: a foreach over the interface would allocate an enumerator per value
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(path[i], out element))
            {
                return default;
            }
        }

        return element;
    }
}
