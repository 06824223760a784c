using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataHub.Connectors.Http;

namespace DataHub.Connectors.GraphQL;

/// <summary>
/// Reads a department's own GraphQL service (true stitching). Each hub call becomes ONE GraphQL request: every field
/// asked of a level goes into the same document as an aliased batch query, with the batch's keys as a variable.
/// The document is built from names in the source schema and mapping only, never from values, and cached.
/// </summary>
public sealed class GraphQLConnector : ISourceConnector, IAggregateSource, IDisposable
{
    private const string KeyAlias = "dhKey";
    private const string ParentAlias = "dhParent";

    private readonly GraphQLSourceMapping _mapping;
    private readonly HttpSource _http;
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private volatile string? _schemaProblem;

    public GraphQLConnector(GraphQLSourceMapping mapping, HttpSourceSettings settings, HttpSourceClients? clients = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
        _http = new HttpSource(mapping.Schema.Name, settings, clients);
    }

    public string SourceName => _mapping.Schema.Name;

    /// <summary>
    /// Compares the remote's introspection with the source schema. Throws <see cref="SourceSchemaMismatchException"/>
    /// when the remote answers and differs incompatibly; returns false when it does not answer (the hub starts anyway:
    /// the source's fields are SOURCE_UNAVAILABLE and /healthz says so until it answers).
    /// </summary>
    public async Task<bool> VerifyRemoteSchemaAsync(CancellationToken cancellationToken)
    {
        var introspection = await IntrospectAsync(cancellationToken);
        if (introspection is null)
        {
            _schemaProblem = "not verified: the service did not answer at start-up";
            return false;
        }

        var problems = RemoteSchemaCheck.Compare(_mapping, introspection.RootElement);
        introspection.Dispose();
        if (problems.Count > 0)
        {
            throw new SourceSchemaMismatchException(SourceName, problems);
        }

        _schemaProblem = null;
        return true;
    }

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
            var items = await FetchAsync([("items", lookup, fields)], keys, cancellationToken);
            return items["items"].GroupBy(i => i.Parents[0]).ToDictionary(g => g.Key, g => g.First().Row, StringComparer.Ordinal);
        }

        // A hub-side entity: each asked field is one aliased batch query of the same request.
        var asked = fields.Where(entity.Fetches.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToList();
        if (asked.Count == 0)
        {
            return keys.Distinct().ToDictionary(k => k, k => new SourceRow(k, new Dictionary<string, object?>()), StringComparer.Ordinal);
        }

        var results = await FetchAsync(asked.Select(f => (f, entity.Fetches[f], (IReadOnlyCollection<string>?)null)).ToList(), keys, cancellationToken);
        var rows = new Dictionary<string, SourceRow>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in asked)
            {
                // A single-valued field takes the parent's first item (the remote orders them).
                values[field] = results[field].FirstOrDefault(i => i.Parents.Contains(key)).Row;
            }

            rows[key] = new SourceRow(key, values);
        }

        return rows;
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

        var items = (await FetchAsync([(fieldName, fetch, fields)], parentKeys, cancellationToken))[fieldName];
        var wanted = parentKeys.ToHashSet(StringComparer.Ordinal);
        var lists = new Dictionary<string, List<SourceRow>>(StringComparer.Ordinal);
        foreach (var (parents, row) in items)
        {
            // An item can belong to two parents of the batch (a marriage to both spouses).
            foreach (var parent in parents.Where(wanted.Contains).Distinct())
            {
                (lists.TryGetValue(parent, out var list) ? list : lists[parent] = []).Add(row);
            }
        }

        return lists.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SourceRow>)kv.Value, StringComparer.Ordinal);
    }

    public Task<SourcePage> ListAsync(ListQuery request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Source '{SourceName}' serves look-ups only (its mapping was checked for @connection).");

    public async Task<SourceHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_http.IsCircuitOpen)
        {
            return new SourceHealth(false, "circuit open after repeated failures; calls fail at once until it closes") { Circuit = _http.CircuitState };
        }

        using var introspection = await IntrospectAsync(cancellationToken);
        if (introspection is null)
        {
            return new SourceHealth(false, "the GraphQL service does not answer") { Circuit = _http.CircuitState };
        }

        var problems = RemoteSchemaCheck.Compare(_mapping, introspection.RootElement);
        _schemaProblem = problems.Count == 0 ? null : "the remote schema changed: " + problems[0].Message;
        return _schemaProblem is null
            ? new SourceHealth(true, "ok") { Circuit = _http.CircuitState }
            : new SourceHealth(false, _schemaProblem) { Circuit = _http.CircuitState };
    }

    /// <summary>
    /// One request to the type's count query (mapping <c>"aggregates"</c>): <c>query DataHubAggregate($groupBy, $where,
    /// $recordKeys) { groups: countQuery(...) { keys count keySum } }</c>, the arguments as variables, never in the text.
    /// </summary>
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_mapping.Aggregates.TryGetValue(query.TypeName, out var countQuery))
        {
            throw new AggregateRefusedException(SourceName, AggregateRefusedException.NotSupported, $"The source '{SourceName}' does not count '{query.TypeName}'.");
        }

        string Remote(string field) => _mapping.RemoteName(query.TypeName, field);
        var document = "query DataHubAggregate($groupBy: [String!], $where: [AggregateConditionInput!], $recordKeys: RecordKeysInput) " +
            $"{{ groups: {countQuery}(groupBy: $groupBy, where: $where, recordKeys: $recordKeys) {{ keys count keySum }} }}";
        var body = new JsonObject
        {
            ["query"] = document,
            ["operationName"] = "DataHubAggregate",
            ["variables"] = new JsonObject
            {
                ["groupBy"] = RemoteAggregates.Dimensions(SourceName, query, Remote),
                ["where"] = RemoteAggregates.Conditions(SourceName, query.Where, Remote, (_, value) => RemoteAggregates.Text(value, "yyyy-MM-dd")),
                ["recordKeys"] = RemoteAggregates.RecordKeys(query),
            },
        };
        using var json = await _http.SendAggregateAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _http.Settings.Url) { Content = JsonContent.Create(body) },
            RefusalCode, cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            throw _http.Unavailable($"answered with {errors.GetArrayLength()} GraphQL error(s)");
        }

        var groups = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("groups", out var g) ? g : default;
        return RemoteAggregates.Rows(_http, groups, query, (_, value) => value);
    }

    // A GraphQL error's code (extensions.code) in a 400 answer.
    private static string? RefusalCode(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            && errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("extensions", out var x)
                && x.ValueKind == JsonValueKind.Object && x.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
                .FirstOrDefault(c => c is not null) is { } code
            ? code
            : null;

    public void Dispose() => _http.Dispose();

    private GraphQLEntityMap Entity(string typeName) =>
        _mapping.Entities.GetValueOrDefault(typeName)
        ?? throw new InvalidOperationException($"Source '{SourceName}' has no mapping for type '{typeName}'.");

    /// <summary>Sends one request holding every fetch; returns, per alias, each item's parent keys and row.</summary>
    private async Task<Dictionary<string, List<(string[] Parents, SourceRow Row)>>> FetchAsync(
        IReadOnlyList<(string Alias, GraphQLFetch Fetch, IReadOnlyCollection<string>? Fields)> fetches,
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var document = _documents.GetOrAdd(
            string.Join("|", fetches.Select(f => $"{f.Alias}:{f.Fetch.Query}:{(f.Fields is null ? "*" : string.Join(",", f.Fields.Order(StringComparer.Ordinal)))}")),
            _ => BuildDocument(fetches));
        var variables = fetches.Select(f => f.Fetch.ArgumentType).Distinct().Select((_, i) => i)
            .ToDictionary(i => "keys" + i, _ => (object)keys.ToArray());

        using var json = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _http.Settings.Url)
        {
            Content = JsonContent.Create(new { query = document, operationName = "DataHubFetch", variables }),
        }, notFoundIsEmpty: false, cancellationToken);

        var root = json!.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw _http.BadAnswer("the body is not a GraphQL response object");
        }

        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            // The remote's messages may quote values; only their number is passed on.
            throw _http.Unavailable($"answered with {errors.GetArrayLength()} GraphQL error(s)");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw _http.BadAnswer("no 'data' object");
        }

        var results = new Dictionary<string, List<(string[], SourceRow)>>(StringComparer.Ordinal);
        foreach (var (alias, fetch, fields) in fetches)
        {
            if (!data.TryGetProperty(alias, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw _http.BadAnswer($"'{fetch.Query}' did not return a list");
            }

            var type = _mapping.Schema.FindType(fetch.ItemType)!;
            var items = new List<(string[], SourceRow)>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw _http.BadAnswer($"'{fetch.Query}' returned a list item that is not an object");
                }

                var parents = fetch.ParentKeys.Select((_, i) => item.TryGetProperty(ParentAlias + i, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "")
                    .ToArray();
                items.Add((parents, ReadRow(item, type, fields)));
            }

            results[alias] = items;
        }

        return results;
    }

    private string BuildDocument(IReadOnlyList<(string Alias, GraphQLFetch Fetch, IReadOnlyCollection<string>? Fields)> fetches)
    {
        var variableTypes = fetches.Select(f => f.Fetch.ArgumentType).Distinct().ToList();
        var text = new StringBuilder("query DataHubFetch(");
        text.AppendJoin(", ", variableTypes.Select((t, i) => $"$keys{i}: {t}"));
        text.Append(") {");
        foreach (var (alias, fetch, fields) in fetches)
        {
            var variable = "$keys" + variableTypes.IndexOf(fetch.ArgumentType);
            text.Append(' ').Append(alias).Append(": ").Append(fetch.Query).Append('(').Append(fetch.Argument).Append(": ").Append(variable).Append(") {");
            for (var i = 0; i < fetch.ParentKeys.Count; i++)
            {
                text.Append(' ').Append(ParentAlias).Append(i).Append(": ").Append(fetch.ParentKeys[i]);
            }

            AppendSelection(text, _mapping.Schema.FindType(fetch.ItemType)!, fields);
            text.Append(" }");
        }

        return text.Append(" }").ToString();
    }

    /// <summary>The asked fields (all, for an embedded object) under the names the schema gives them, aliased from the remote's.</summary>
    private void AppendSelection(StringBuilder text, SourceType type, IReadOnlyCollection<string>? fields)
    {
        if (type.IsEntity)
        {
            text.Append(' ').Append(KeyAlias).Append(": ").Append(_mapping.RemoteName(type.Name, type.KeyFields[0]));
        }

        foreach (var field in type.Fields.Where(f => fields is null || fields.Contains(f.Name)))
        {
            var remote = _mapping.RemoteName(type.Name, field.Name);
            text.Append(' ').Append(field.Name);
            if (remote != field.Name)
            {
                text.Append(": ").Append(remote);
            }

            if (_mapping.Schema.FindType(field.Type.Name) is { Kind: SourceTypeKind.Object, IsEntity: false } embedded)
            {
                text.Append(" {");
                AppendSelection(text, embedded, null);
                text.Append(" }");
            }
        }
    }

    private SourceRow ReadRow(JsonElement item, SourceType type, IReadOnlyCollection<string>? fields)
    {
        var key = "";
        if (type.IsEntity)
        {
            key = item.TryGetProperty(KeyAlias, out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()!
                : throw _http.BadAnswer($"a {type.Name} has no key");
        }

        var values = new Dictionary<string, object?>(fields?.Count ?? type.Fields.Count, StringComparer.Ordinal);
        foreach (var field in type.Fields)
        {
            if (fields is not null && !fields.Contains(field.Name))
            {
                continue;
            }

            var value = item.TryGetProperty(field.Name, out var v) ? v : default;
            var target = _mapping.Schema.FindType(field.Type.Name);
            if (target is { Kind: SourceTypeKind.Object, IsEntity: false })
            {
                values[field.Name] = value.ValueKind == JsonValueKind.Object ? ReadRow(value, target, null)
                    : value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined && !field.Type.NonNull ? null
                    : throw _http.BadAnswer($"'{type.Name}.{field.Name}' is not an object");
                continue;
            }

            // A reference holds the referenced entity's key, which the remote sends as an ID.
            var valueType = target is { IsEntity: true } ? field.Type with { Name = "ID" } : field.Type;
            if (!JsonValues.TryRead(value, valueType, _mapping.Schema, null, null, out var read, out var problem))
            {
                throw _http.BadAnswer($"'{type.Name}.{field.Name}' {problem}");
            }

            values[field.Name] = read;
        }

        return new SourceRow(key, values);
    }

    private async Task<JsonDocument?> IntrospectAsync(CancellationToken cancellationToken)
    {
        var answer = await _http.ProbeAsync(() => new HttpRequestMessage(HttpMethod.Post, _http.Settings.Url)
        {
            Content = JsonContent.Create(new { query = RemoteSchemaCheck.IntrospectionQuery }),
        }, cancellationToken);
        if (answer is not { } ok || (int)ok.Status >= 300)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(ok.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
