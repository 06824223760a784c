using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Connectors.Sql;

/// <summary>
/// How one SQL source's schema types map to tables and columns, read from
/// <c>schema/&lt;source&gt;.mapping.json</c>. A field maps to:
/// a column (<c>"fullName": "full_name"</c>);
/// a reference to another entity by its key (<c>"father": { "reference": "father_personal_id" }</c>);
/// an embedded object whose fields are columns of the same row (<c>"idCard": { "embedded": { ... } }</c>);
/// or a list of entities holding the parent's key in a column (<c>"members": { "foreignKey": "household_id" }</c>).
/// </summary>
public sealed class SqlSourceMapping
{
    private SqlSourceMapping(string sourceName, IReadOnlyDictionary<string, SqlEntityMap> entities)
    {
        SourceName = sourceName;
        Entities = entities;
    }

    public string SourceName { get; }

    public IReadOnlyDictionary<string, SqlEntityMap> Entities { get; }

    public SqlEntityMap GetEntity(string typeName) =>
        Entities.TryGetValue(typeName, out var entity)
            ? entity
            : throw new InvalidOperationException($"Source '{SourceName}' has no mapping for type '{typeName}'.");

    /// <summary>Reads a mapping file and checks it against the source schema, field by field.</summary>
    public static SqlSourceMapping Load(string mappingFile, SourceSchema schema)
    {
        var fileName = Path.GetFileName(mappingFile);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(mappingFile));
        }
        catch (JsonException ex)
        {
            throw new ConnectorConfigurationException(fileName, $"line {ex.LineNumber + 1}", "not valid JSON.");
        }

        if (root?["entities"] is not JsonObject entitiesNode)
        {
            throw new ConnectorConfigurationException(fileName, "$", "expected an object with an 'entities' object.");
        }

        var entities = new Dictionary<string, SqlEntityMap>();
        foreach (var (typeName, entityNode) in entitiesNode)
        {
            var where = $"entities.{typeName}";
            var type = schema.FindType(typeName) ?? throw new ConnectorConfigurationException(
                fileName, where, $"type '{typeName}' is not in {Path.GetFileName(schema.FilePath)}.");
            if (type.Kind != SourceTypeKind.Object || !type.IsEntity)
            {
                throw new ConnectorConfigurationException(fileName, where, $"'{typeName}' is not an entity type (it needs @key).");
            }

            entities[typeName] = ReadEntity(fileName, where, schema, type, entityNode as JsonObject);
        }

        foreach (var type in schema.Types.Where(t => t.IsEntity && !entities.ContainsKey(t.Name)))
        {
            throw new ConnectorConfigurationException(fileName, "entities", $"entity type '{type.Name}' has no mapping.");
        }

        // Lists need the item type's table, which is only known once every entity is read.
        foreach (var entity in entities.Values)
        {
            foreach (var (fieldName, field) in entity.Fields)
            {
                if (field is SqlCollectionMap collection && entities[collection.ItemType].Table is null)
                {
                    throw new ConnectorConfigurationException(fileName, $"entities.{entity.TypeName}.{fieldName}",
                        $"the items ('{collection.ItemType}') have no table.");
                }
            }
        }

        return new SqlSourceMapping(schema.Name, entities);
    }

    private static SqlEntityMap ReadEntity(string file, string where, SourceSchema schema, SourceType type, JsonObject? node)
    {
        if (node is null)
        {
            throw new ConnectorConfigurationException(file, where, "expected an object.");
        }

        var table = node["table"]?.GetValue<string>();
        var fieldsNode = node["fields"] as JsonObject ?? [];
        var keyField = type.KeyFields[0];
        var fields = new Dictionary<string, SqlFieldMap>();

        foreach (var (fieldName, fieldNode) in fieldsNode)
        {
            var at = $"{where}.fields.{fieldName}";
            var field = type.FindField(fieldName) ?? throw new ConnectorConfigurationException(
                file, at, $"'{type.Name}' has no field '{fieldName}' in {Path.GetFileName(schema.FilePath)}.");
            fields[fieldName] = ReadField(file, at, schema, field, fieldNode);
        }

        foreach (var field in type.Fields)
        {
            var isStubKey = table is null && field.Name == keyField;
            if (!fields.ContainsKey(field.Name) && !isStubKey)
            {
                throw new ConnectorConfigurationException(file, $"{where}.fields", $"field '{type.Name}.{field.Name}' has no mapping.");
            }
        }

        if (table is null && fields.Values.Any(f => f is not SqlCollectionMap))
        {
            throw new ConnectorConfigurationException(file, where,
                "an entity without a table can only carry lists (its key comes from the parent).");
        }

        SqlColumn? keyColumn = null;
        if (table is not null)
        {
            keyColumn = (fields.GetValueOrDefault(keyField) as SqlColumnMap)?.Column
                ?? throw new ConnectorConfigurationException(file, where, $"key field '{keyField}' must map to a column.");
        }

        return new SqlEntityMap(type.Name, table, keyField, keyColumn, fields);
    }

    private static SqlFieldMap ReadField(string file, string at, SourceSchema schema, SourceField field, JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var columnName))
        {
            if (field.Type.IsList)
            {
                throw new ConnectorConfigurationException(file, at, "a list field maps to { \"foreignKey\": ... }, not a column.");
            }

            return new SqlColumnMap(new SqlColumn(columnName, ClrTypeOf(file, at, schema, field.Type.Name)));
        }

        if (node is not JsonObject obj)
        {
            throw new ConnectorConfigurationException(file, at, "expected a column name or an object.");
        }

        if (obj["reference"] is JsonNode reference)
        {
            var target = schema.FindType(field.Type.Name);
            if (target is null || !target.IsEntity || field.Type.IsList)
            {
                throw new ConnectorConfigurationException(file, at, "a reference must point to a single entity type.");
            }

            return new SqlReferenceMap(new SqlColumn(reference.GetValue<string>(), typeof(string)), field.Type.Name);
        }

        if (obj["foreignKey"] is JsonNode foreignKey)
        {
            var item = schema.FindType(field.Type.Name);
            if (!field.Type.IsList || item is null || !item.IsEntity)
            {
                throw new ConnectorConfigurationException(file, at, "a foreignKey maps a list of entities.");
            }

            return new SqlCollectionMap(field.Type.Name, new SqlColumn(foreignKey.GetValue<string>(), typeof(string)));
        }

        if (obj["embedded"] is JsonObject embedded)
        {
            var type = schema.FindType(field.Type.Name);
            if (type is null || type.Kind != SourceTypeKind.Object || type.IsEntity)
            {
                throw new ConnectorConfigurationException(file, at, "embedded needs a plain object type (no @key).");
            }

            var columns = new Dictionary<string, SqlColumn>();
            foreach (var (subName, subNode) in embedded)
            {
                var sub = type.FindField(subName) ?? throw new ConnectorConfigurationException(
                    file, $"{at}.embedded.{subName}", $"'{type.Name}' has no field '{subName}'.");
                columns[subName] = new SqlColumn(subNode!.GetValue<string>(), ClrTypeOf(file, at, schema, sub.Type.Name));
            }

            var missing = type.Fields.FirstOrDefault(f => !columns.ContainsKey(f.Name));
            if (missing is not null)
            {
                throw new ConnectorConfigurationException(file, $"{at}.embedded", $"field '{type.Name}.{missing.Name}' has no column.");
            }

            return new SqlEmbeddedMap(columns);
        }

        throw new ConnectorConfigurationException(file, at, "expected 'reference', 'foreignKey' or 'embedded'.");
    }

    private static Type ClrTypeOf(string file, string at, SourceSchema schema, string typeName) => typeName switch
    {
        "ID" or "String" => typeof(string),
        "Int" => typeof(int?),
        "Float" => typeof(double?),
        "Boolean" => typeof(bool?),
        "Date" => typeof(DateOnly?),
        _ when schema.FindType(typeName)?.Kind == SourceTypeKind.Enum => typeof(string),
        _ => throw new ConnectorConfigurationException(file, at, $"type '{typeName}' cannot be stored in a column."),
    };
}

/// <summary>One mapped entity type; <see cref="Table"/> is null for an entity this source only extends.</summary>
public sealed record SqlEntityMap(
    string TypeName, string? Table, string KeyField, SqlColumn? KeyColumn, IReadOnlyDictionary<string, SqlFieldMap> Fields);

/// <summary>A column and the CLR type EF Core reads it as.</summary>
public sealed record SqlColumn(string Name, Type ClrType);

/// <summary>How one field is stored.</summary>
public abstract record SqlFieldMap;

public sealed record SqlColumnMap(SqlColumn Column) : SqlFieldMap;

public sealed record SqlReferenceMap(SqlColumn Column, string TargetType) : SqlFieldMap;

public sealed record SqlEmbeddedMap(IReadOnlyDictionary<string, SqlColumn> Columns) : SqlFieldMap;

public sealed record SqlCollectionMap(string ItemType, SqlColumn ForeignKey) : SqlFieldMap;
