using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Connectors.GraphQL;

/// <summary>
/// How a remote GraphQL source answers the hub, read from <c>schema/&lt;source&gt;.mapping.json</c>. The remote serves
/// the source schema's object types under the same names; the mapping adds only what the schema cannot say:
/// <list type="bullet">
/// <item>which batch query fetches a field that the hub adds to an entity (<c>Citizen.birthRegistration</c> from
///   <c>birthRegistrationsByChildIds(personalIds: $keys)</c>, matched to the parent by <c>childPersonalId</c>);</item>
/// <item>which batch query looks up an entity the remote owns (<c>"lookup"</c>);</item>
/// <item>fields the remote names differently, and references it holds as a key (<c>"husband": { "reference": "husbandPersonalId" }</c>).</item>
/// </list>
/// Keys always travel as a GraphQL variable; the document holds only names from this mapping and the schema.
/// </summary>
public sealed class GraphQLSourceMapping
{
    private GraphQLSourceMapping(SourceSchema schema, string file, IReadOnlyDictionary<string, GraphQLEntityMap> entities)
    {
        Schema = schema;
        File = file;
        Entities = entities;
    }

    public SourceSchema Schema { get; }

    /// <summary>The mapping's file name, for messages.</summary>
    public string File { get; }

    public IReadOnlyDictionary<string, GraphQLEntityMap> Entities { get; }

    /// <summary>The types the remote counts itself, and the query of each one's aggregate.</summary>
    public IReadOnlyDictionary<string, string> Aggregates { get; private init; } = new Dictionary<string, string>();

    /// <summary>The name the remote gives a field of a type the remote serves.</summary>
    public string RemoteName(string typeName, string fieldName) =>
        Entities.GetValueOrDefault(typeName)?.Renames.GetValueOrDefault(fieldName) ?? fieldName;

    public static GraphQLSourceMapping Load(string mappingFile, SourceSchema schema)
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

        var entitiesNode = root?["entities"] as JsonObject
            ?? throw new ConnectorConfigurationException(file, "$", "expected an object with an 'entities' object.");
        if (schema.FindType("Query")?.Fields.FirstOrDefault(f => f.Directives.Connection) is { } connection)
        {
            throw new ConnectorConfigurationException(file, "$",
                $"'Query.{connection.Name}' is a @connection; a remote GraphQL source serves look-ups only.");
        }

        var entities = new Dictionary<string, GraphQLEntityMap>(StringComparer.Ordinal);
        foreach (var (typeName, node) in entitiesNode)
        {
            var where = $"entities.{typeName}";
            var type = schema.FindType(typeName);
            if (type is not { Kind: SourceTypeKind.Object, IsEntity: true })
            {
                throw new ConnectorConfigurationException(file, where, $"'{typeName}' is not an entity type (with @key) of {Path.GetFileName(schema.FilePath)}.");
            }

            entities[typeName] = ReadEntity(file, where, schema, type, node as JsonObject ?? []);
        }

        foreach (var type in schema.Types.Where(t => t.IsEntity && !entities.ContainsKey(t.Name)))
        {
            throw new ConnectorConfigurationException(file, "entities", $"entity type '{type.Name}' has no mapping (a 'lookup' or its fields' queries).");
        }

        // "aggregates": { "<type>": "<query>" }: the remote query that counts that type itself (the hub's aggregate shape).
        var aggregates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (typeName, node) in root?["aggregates"] as JsonObject ?? [])
        {
            if (schema.FindType(typeName) is not { Kind: SourceTypeKind.Object } || node is not JsonValue query || !query.TryGetValue<string>(out var name)
                || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[_A-Za-z][_0-9A-Za-z]*$"))
            {
                throw new ConnectorConfigurationException(file, $"aggregates.{typeName}", "expected an object type of the schema and the name of the query that counts it.");
            }

            aggregates[typeName] = name;
        }

        var mapping = new GraphQLSourceMapping(schema, file, entities) { Aggregates = aggregates };
        foreach (var type in schema.Types.Where(t => t.Kind == SourceTypeKind.Object && t.Name != "Query" && !mapping.IsHubSide(t)))
        {
            foreach (var field in type.Fields)
            {
                var target = schema.FindType(field.Type.Name);
                var isReference = entities.GetValueOrDefault(type.Name)?.References.Contains(field.Name) == true;
                if (target is { IsEntity: true } && !isReference)
                {
                    throw new ConnectorConfigurationException(file, $"entities.{type.Name}.fields.{field.Name}",
                        $"'{type.Name}.{field.Name}' points to an entity; map it as {{ \"reference\": \"<remote key field>\" }}.");
                }
            }
        }

        return mapping;
    }

    /// <summary>
    /// An entity the hub adds fields to but the remote does not serve as such (e.g. <c>Citizen</c>): it has no
    /// lookup, and each of its fields comes from a batch query.
    /// </summary>
    public bool IsHubSide(SourceType type) => Entities.GetValueOrDefault(type.Name) is { Lookup: null };

    private static GraphQLEntityMap ReadEntity(string file, string where, SourceSchema schema, SourceType type, JsonObject node)
    {
        var key = type.KeyFields[0];
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new HashSet<string>(StringComparer.Ordinal);
        var fetches = new Dictionary<string, GraphQLFetch>(StringComparer.Ordinal);
        GraphQLFetch? lookup = null;
        if (node["lookup"] is JsonObject lookupNode)
        {
            var keyRemote = (node["fields"] as JsonObject)?[key] is JsonValue v && v.TryGetValue<string>(out var r) ? r : key;
            lookup = ReadFetch(file, $"{where}.lookup", lookupNode, type.Name, parentKeys: [keyRemote]);
        }

        foreach (var (fieldName, fieldNode) in node["fields"] as JsonObject ?? [])
        {
            var at = $"{where}.fields.{fieldName}";
            var field = type.FindField(fieldName)
                ?? throw new ConnectorConfigurationException(file, at, $"'{type.Name}' has no field '{fieldName}' in {Path.GetFileName(schema.FilePath)}.");
            switch (fieldNode)
            {
                case JsonValue value when value.TryGetValue<string>(out var remote):
                    renames[fieldName] = remote;
                    break;
                case JsonObject obj when obj["reference"] is JsonValue reference && reference.TryGetValue<string>(out var remoteKey):
                    if (schema.FindType(field.Type.Name) is not { IsEntity: true } || field.Type.IsList)
                    {
                        throw new ConnectorConfigurationException(file, at, "a reference must point to a single entity type.");
                    }

                    renames[fieldName] = remoteKey;
                    references.Add(fieldName);
                    break;
                case JsonObject obj when obj["query"] is not null:
                    if (schema.FindType(field.Type.Name) is not { Kind: SourceTypeKind.Object })
                    {
                        throw new ConnectorConfigurationException(file, at, "a query fetches objects; this field is a scalar.");
                    }

                    var parentKeys = obj["parentKey"] switch
                    {
                        JsonValue one when one.TryGetValue<string>(out var name) => [name],
                        JsonArray many => many.Select(n => n?.GetValue<string>() ?? "").ToArray(),
                        _ => throw new ConnectorConfigurationException(file, at, "'parentKey' names the item field(s) holding the parent's key."),
                    };
                    fetches[fieldName] = ReadFetch(file, at, obj, field.Type.Name, parentKeys);
                    break;
                default:
                    throw new ConnectorConfigurationException(file, at,
                        "expected a remote field name, { \"reference\": ... } or { \"query\": ..., \"argument\": ..., \"parentKey\": ... }.");
            }
        }

        if (lookup is null)
        {
            var unmapped = type.Fields.FirstOrDefault(f => f.Name != key && !fetches.ContainsKey(f.Name));
            if (unmapped is not null)
            {
                throw new ConnectorConfigurationException(file, where,
                    $"'{type.Name}' has no 'lookup', so every field needs a query; '{unmapped.Name}' has none.");
            }
        }
        else if (fetches.Count > 0)
        {
            throw new ConnectorConfigurationException(file, where, "an entity with a 'lookup' is served by the remote; its fields cannot have queries.");
        }

        return new GraphQLEntityMap(type.Name, lookup, fetches, renames, references);
    }

    private static GraphQLFetch ReadFetch(string file, string at, JsonObject node, string itemType, string[] parentKeys)
    {
        var query = node["query"]?.GetValue<string>();
        var argument = node["argument"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(query) || string.IsNullOrWhiteSpace(argument) || parentKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConnectorConfigurationException(file, at, "needs 'query' (a batch query of the remote) and 'argument' (its list-of-keys argument).");
        }

        var argumentType = node["argumentType"]?.GetValue<string>() ?? "[ID!]!";
        foreach (var name in new[] { query, argument }.Concat(parentKeys))
        {
            if (!IsName(name))
            {
                throw new ConnectorConfigurationException(file, at, $"'{name}' is not a GraphQL name.");
            }
        }

        if (argumentType.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '[' or ']' or '!' or '_')))
        {
            throw new ConnectorConfigurationException(file, at, $"'{argumentType}' is not a GraphQL type.");
        }

        return new GraphQLFetch(query, argument, argumentType, parentKeys, itemType);
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>One entity's mapping: its batch lookup (remote entities) or its fields' batch queries (hub-side entities).</summary>
public sealed record GraphQLEntityMap(
    string TypeName,
    GraphQLFetch? Lookup,
    IReadOnlyDictionary<string, GraphQLFetch> Fetches,
    IReadOnlyDictionary<string, string> Renames,
    IReadOnlySet<string> References);

/// <summary>
/// A batch query of the remote: <c>Query.<see cref="Query"/>(<see cref="Argument"/>: [keys])</c> returns items of
/// <see cref="ItemType"/>; each item belongs to the parent whose key is in one of <see cref="ParentKeys"/> (remote names).
/// </summary>
public sealed record GraphQLFetch(string Query, string Argument, string ArgumentType, IReadOnlyList<string> ParentKeys, string ItemType);
