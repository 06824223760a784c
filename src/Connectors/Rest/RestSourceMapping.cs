using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Connectors.Rest;

/// <summary>
/// How a REST/JSON source answers the hub, read from <c>schema/&lt;source&gt;.mapping.json</c>; no C# per API.
/// <list type="bullet">
/// <item>A field the hub adds to an entity (<c>Citizen.insuranceCard</c>) names its URL templates: <c>"batch"</c>
///   with <c>{keys}</c> (comma-separated, each escaped) for many parents in one call, optionally <c>"single"</c> with
///   <c>{key}</c> for one (a 404 means none); <c>"items"</c> is where the array sits in the batch answer and
///   <c>"parentKey"</c> the item's JSON property that holds the parent's key.</item>
/// <item>An entity the remote owns has a <c>"lookup"</c> of the same shape, with <c>"key"</c> for the item's key.</item>
/// <item>Every schema field maps to a JSON path (<c>"registeredHospital": "noiDKBD.ten"</c>), optionally with a
///   date <c>"format"</c> or a table of enum <c>"values"</c>; a field left out is read from the property of its name.
///   Plain object types map under <c>"objects"</c>.</item>
/// </list>
/// </summary>
public sealed class RestSourceMapping
{
    private RestSourceMapping(
        SourceSchema schema, string file, string healthPath, IReadOnlyDictionary<string, RestEntityMap> entities,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, RestValueMap>> objects)
    {
        Schema = schema;
        File = file;
        HealthPath = healthPath;
        Entities = entities;
        Objects = objects;
    }

    public SourceSchema Schema { get; }

    public string File { get; }

    /// <summary>The path a health check GETs (2xx is healthy).</summary>
    public string HealthPath { get; }

    public IReadOnlyDictionary<string, RestEntityMap> Entities { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, RestValueMap>> Objects { get; }

    /// <summary>The types the service counts itself, and the path of each one's aggregate (<c>POST</c>).</summary>
    public IReadOnlyDictionary<string, string> Aggregates { get; private init; } = new Dictionary<string, string>();

    /// <summary>The types whose records in force the service counts for a batch of holders, and the path (<c>POST</c>).</summary>
    public IReadOnlyDictionary<string, string> KeyCounts { get; private init; } = new Dictionary<string, string>();

    /// <summary>How the fields of <paramref name="typeName"/> are read from one JSON object.</summary>
    public IReadOnlyDictionary<string, RestValueMap> ValuesOf(string typeName) =>
        Entities.GetValueOrDefault(typeName)?.Values ?? Objects.GetValueOrDefault(typeName) ?? new Dictionary<string, RestValueMap>();

    public static RestSourceMapping Load(string mappingFile, SourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var file = Path.GetFileName(mappingFile);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(mappingFile));
        }
        catch (JsonException ex)
        {
            throw new ConnectorConfigurationException(file, $"line {ex.LineNumber + 1}", "not valid JSON.");
        }

        if (schema.FindType("Query")?.Fields.FirstOrDefault(f => f.Directives.Connection) is { } connection)
        {
            throw new ConnectorConfigurationException(file, "$", $"'Query.{connection.Name}' is a @connection; a REST source serves look-ups only.");
        }

        var health = root?["health"]?.GetValue<string>() ?? "/";
        var entities = new Dictionary<string, RestEntityMap>(StringComparer.Ordinal);
        foreach (var (typeName, node) in root?["entities"] as JsonObject ?? [])
        {
            var type = schema.FindType(typeName);
            if (type is not { Kind: SourceTypeKind.Object, IsEntity: true })
            {
                throw new ConnectorConfigurationException(file, $"entities.{typeName}", $"'{typeName}' is not an entity type (with @key).");
            }

            entities[typeName] = ReadEntity(file, $"entities.{typeName}", schema, type, node as JsonObject ?? []);
        }

        foreach (var type in schema.Types.Where(t => t.IsEntity && !entities.ContainsKey(t.Name)))
        {
            throw new ConnectorConfigurationException(file, "entities", $"entity type '{type.Name}' has no mapping.");
        }

        var objects = new Dictionary<string, IReadOnlyDictionary<string, RestValueMap>>(StringComparer.Ordinal);
        foreach (var (typeName, node) in root?["objects"] as JsonObject ?? [])
        {
            var type = schema.FindType(typeName);
            if (type is not { Kind: SourceTypeKind.Object, IsEntity: false } || typeName == "Query")
            {
                throw new ConnectorConfigurationException(file, $"objects.{typeName}", $"'{typeName}' is not a plain object type (without @key).");
            }

            objects[typeName] = ReadValues(file, $"objects.{typeName}", schema, type, node as JsonObject ?? [], []);
        }

        // "aggregates": { "<type>": "<path>" }: where the service counts that type itself (POST, the hub's aggregate shape).
        var aggregates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (typeName, node) in root?["aggregates"] as JsonObject ?? [])
        {
            if (schema.FindType(typeName) is not { Kind: SourceTypeKind.Object } || node is not JsonValue path || !path.TryGetValue<string>(out var text))
            {
                throw new ConnectorConfigurationException(file, $"aggregates.{typeName}", $"expected an object type of the schema and the path that counts it.");
            }

            aggregates[typeName] = text;
        }

        // "keyCounts": { "<type>": "<path>" }: where the service counts a batch of holders' records in force on a day.
        var keyCounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (typeName, node) in root?["keyCounts"] as JsonObject ?? [])
        {
            if (schema.FindType(typeName) is not { Kind: SourceTypeKind.Object } || node is not JsonValue path || !path.TryGetValue<string>(out var text))
            {
                throw new ConnectorConfigurationException(file, $"keyCounts.{typeName}", $"expected an object type of the schema and the path that counts it.");
            }

            keyCounts[typeName] = text;
        }

        return new RestSourceMapping(schema, file, health, entities, objects) { Aggregates = aggregates, KeyCounts = keyCounts };
    }

    private static RestEntityMap ReadEntity(string file, string where, SourceSchema schema, SourceType type, JsonObject node)
    {
        var fetches = new Dictionary<string, RestFetch>(StringComparer.Ordinal);
        var fieldsNode = node["fields"] as JsonObject ?? [];
        foreach (var (fieldName, fieldNode) in fieldsNode)
        {
            if (fieldNode is JsonObject obj && obj["batch"] is not null)
            {
                var field = type.FindField(fieldName)
                    ?? throw new ConnectorConfigurationException(file, $"{where}.fields.{fieldName}", $"'{type.Name}' has no field '{fieldName}'.");
                if (schema.FindType(field.Type.Name) is not { Kind: SourceTypeKind.Object })
                {
                    throw new ConnectorConfigurationException(file, $"{where}.fields.{fieldName}", "URL templates fetch objects; this field is a scalar.");
                }

                fetches[fieldName] = ReadFetch(file, $"{where}.fields.{fieldName}", obj, field.Type.Name, "parentKey");
            }
        }

        RestFetch? lookup = node["lookup"] is JsonObject lookupNode ? ReadFetch(file, $"{where}.lookup", lookupNode, type.Name, "key") : null;
        var key = type.KeyFields[0];
        if (lookup is null)
        {
            var unmapped = type.Fields.FirstOrDefault(f => f.Name != key && !fetches.ContainsKey(f.Name));
            if (unmapped is not null)
            {
                throw new ConnectorConfigurationException(file, where,
                    $"'{type.Name}' has no 'lookup', so every field needs URL templates; '{unmapped.Name}' has none.");
            }
        }

        var values = ReadValues(file, $"{where}.fields", schema, type, fieldsNode, fetches.Keys.ToHashSet());
        return new RestEntityMap(type.Name, lookup, fetches, values);
    }

    private static Dictionary<string, RestValueMap> ReadValues(
        string file, string where, SourceSchema schema, SourceType type, JsonObject node, HashSet<string> fetched)
    {
        var values = new Dictionary<string, RestValueMap>(StringComparer.Ordinal);
        foreach (var (fieldName, fieldNode) in node)
        {
            if (fetched.Contains(fieldName))
            {
                continue;
            }

            var at = $"{where}.{fieldName}";
            var field = type.FindField(fieldName)
                ?? throw new ConnectorConfigurationException(file, at, $"'{type.Name}' has no field '{fieldName}' in {Path.GetFileName(schema.FilePath)}.");
            var target = schema.FindType(field.Type.Name);
            values[fieldName] = fieldNode switch
            {
                JsonValue value when value.TryGetValue<string>(out var path) => new RestValueMap(JsonPath(path), null, null, false),
                JsonObject { } obj when obj["reference"] is JsonValue reference && reference.TryGetValue<string>(out var path) =>
                    target is { IsEntity: true } && !field.Type.IsList
                        ? new RestValueMap(JsonPath(path), null, null, true)
                        : throw new ConnectorConfigurationException(file, at, "a reference must point to a single entity type."),
                JsonObject { } obj when obj["path"] is JsonValue p && p.TryGetValue<string>(out var path) => new RestValueMap(
                    JsonPath(path),
                    obj["format"]?.GetValue<string>(),
                    (obj["values"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal),
                    false),
                _ => throw new ConnectorConfigurationException(file, at, "expected a JSON path, { \"path\": ... } or { \"reference\": ... }."),
            };
            if (values[fieldName].Values is { } table && target is { Kind: SourceTypeKind.Enum } enumType
                && table.Values.FirstOrDefault(v => !enumType.EnumValues.Contains(v)) is { } unknown)
            {
                throw new ConnectorConfigurationException(file, at, $"'{unknown}' is not a value of enum {enumType.Name}.");
            }
        }

        foreach (var field in type.Fields.Where(f => !fetched.Contains(f.Name) && !values.ContainsKey(f.Name)))
        {
            if (schema.FindType(field.Type.Name) is { IsEntity: true })
            {
                throw new ConnectorConfigurationException(file, where, $"'{type.Name}.{field.Name}' points to an entity; map it as {{ \"reference\": \"<json path>\" }}.");
            }
        }

        return values;
    }

    private static RestFetch ReadFetch(string file, string at, JsonObject node, string itemType, string keyProperty)
    {
        var batch = node["batch"]?.GetValue<string>();
        var single = node["single"]?.GetValue<string>();
        var key = node[keyProperty]?.GetValue<string>();
        if (batch is null || !batch.Contains("{keys}", StringComparison.Ordinal) || key is null)
        {
            throw new ConnectorConfigurationException(file, at,
                $"needs 'batch' (a URL template with {{keys}}) and '{keyProperty}' (the item's JSON property holding the key).");
        }

        if (single is not null && !single.Contains("{key}", StringComparison.Ordinal))
        {
            throw new ConnectorConfigurationException(file, at, "'single' is a URL template with {key}.");
        }

        var items = node["items"]?.GetValue<string>();
        return new RestFetch(single, batch, items is null ? [] : JsonPath(items), JsonPath(key), itemType);
    }

    private static string[] JsonPath(string path) => path.Split('.', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One entity's mapping: its lookup (entities the remote owns) or its fields' URL templates, and its values.</summary>
public sealed record RestEntityMap(
    string TypeName, RestFetch? Lookup, IReadOnlyDictionary<string, RestFetch> Fetches, IReadOnlyDictionary<string, RestValueMap> Values);

/// <summary>URL templates for one kind of item, where the items sit in a batch answer, and which property holds the key.</summary>
public sealed record RestFetch(string? Single, string Batch, IReadOnlyList<string> ItemsPath, IReadOnlyList<string> KeyPath, string ItemType);

/// <summary>Where a field's value sits in an item, and how to read it.</summary>
public sealed record RestValueMap(
    IReadOnlyList<string> Path, string? DateFormat, IReadOnlyDictionary<string, string>? Values, bool IsReference);
