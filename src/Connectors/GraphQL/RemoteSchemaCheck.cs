using System.Text.Json;

namespace DataHub.Connectors.GraphQL;

/// <summary>
/// Checks a remote GraphQL service's introspection against the committed source schema and its mapping: every type
/// and field the schema says the remote serves must be there, typed alike (a field the schema calls non-null must be
/// non-null remotely; a remote enum may not grow values the schema does not know), and every batch query the mapping
/// names must take its list of keys and return the right items. Each difference names the file and line to look at.
/// </summary>
public static class RemoteSchemaCheck
{
    public const string IntrospectionQuery = """
        query DataHubIntrospection {
          __schema {
            queryType { name }
            types {
              kind name
              enumValues(includeDeprecated: true) { name }
              fields(includeDeprecated: true) { name args { name type { ...TypeRef } } type { ...TypeRef } }
            }
          }
        }
        fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
        """;

    public static IReadOnlyList<SchemaMismatch> Compare(GraphQLSourceMapping mapping, JsonElement introspection)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var schema = mapping.Schema;
        var file = "schema/" + Path.GetFileName(schema.FilePath);
        var mappingFile = "schema/" + mapping.File;
        var problems = new List<SchemaMismatch>();
        if (!introspection.TryGetProperty("data", out var data) || !data.TryGetProperty("__schema", out var remoteSchema)
            || !remoteSchema.TryGetProperty("types", out var typesElement) || typesElement.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new SchemaMismatch(file, 0, "the remote's introspection answer has no __schema.types."));
            return problems;
        }

        var types = typesElement.EnumerateArray()
            .Where(t => t.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .ToDictionary(t => t.GetProperty("name").GetString()!, StringComparer.Ordinal);
        var queryTypeName = remoteSchema.TryGetProperty("queryType", out var qt) && qt.TryGetProperty("name", out var qn) ? qn.GetString() : "Query";

        foreach (var type in schema.Types.Where(t => t.Name != "Query"))
        {
            if (type.Kind == SourceTypeKind.Object && mapping.IsHubSide(type))
            {
                continue; // The hub adds this entity's fields from batch queries, checked below.
            }

            if (!types.TryGetValue(type.Name, out var remote))
            {
                problems.Add(new SchemaMismatch(file, type.Line, $"type '{type.Name}' is no longer served by the remote."));
                continue;
            }

            var kind = remote.GetProperty("kind").GetString();
            var expectedKind = type.Kind switch { SourceTypeKind.Enum => "ENUM", SourceTypeKind.Scalar => "SCALAR", _ => "OBJECT" };
            if (kind != expectedKind)
            {
                problems.Add(new SchemaMismatch(file, type.Line, $"'{type.Name}' is a {kind} on the remote, not an {expectedKind}."));
                continue;
            }

            if (type.Kind == SourceTypeKind.Enum)
            {
                var remoteValues = remote.TryGetProperty("enumValues", out var ev) && ev.ValueKind == JsonValueKind.Array
                    ? ev.EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToList()
                    : [];
                foreach (var extra in remoteValues.Except(type.EnumValues))
                {
                    problems.Add(new SchemaMismatch(file, type.Line, $"enum '{type.Name}' has a value '{extra}' on the remote that the source schema lacks."));
                }

                continue;
            }

            var remoteFields = Fields(remote);
            foreach (var field in type.Fields)
            {
                var remoteName = mapping.RemoteName(type.Name, field.Name);
                var shown = remoteName == field.Name ? $"'{type.Name}.{field.Name}'" : $"'{type.Name}.{field.Name}' (remote '{remoteName}')";
                if (!remoteFields.TryGetValue(remoteName, out var remoteField))
                {
                    problems.Add(new SchemaMismatch(file, field.Line, $"{shown} is no longer served by the remote."));
                    continue;
                }

                var expected = schema.FindType(field.Type.Name) is { IsEntity: true } ? field.Type with { Name = "ID" } : field.Type;
                var actual = TypeOf(remoteField.GetProperty("type"));
                if (!Compatible(expected, actual))
                {
                    problems.Add(new SchemaMismatch(file, field.Line, $"{shown} is {actual} on the remote but {expected} in the source schema."));
                }
            }
        }

        var queryFields = queryTypeName is not null && types.TryGetValue(queryTypeName, out var query) ? Fields(query) : [];
        foreach (var entity in mapping.Entities.Values)
        {
            var fetches = entity.Lookup is { } lookup
                ? [(entity.TypeName + " lookup", lookup)]
                : entity.Fetches.Select(f => ($"{entity.TypeName}.{f.Key}", f.Value));
            foreach (var (what, fetch) in fetches)
            {
                problems.AddRange(CheckFetch(mappingFile, what, fetch, queryFields, types));
            }
        }

        return problems;
    }

    private static IEnumerable<SchemaMismatch> CheckFetch(
        string mappingFile, string what, GraphQLFetch fetch,
        Dictionary<string, JsonElement> queryFields, Dictionary<string, JsonElement> types)
    {
        if (!queryFields.TryGetValue(fetch.Query, out var query))
        {
            yield return new SchemaMismatch(mappingFile, 0, $"{what}: the remote has no query '{fetch.Query}'.");
            yield break;
        }

        var argument = query.GetProperty("args").EnumerateArray().FirstOrDefault(a => a.GetProperty("name").GetString() == fetch.Argument);
        if (argument.ValueKind == JsonValueKind.Undefined)
        {
            yield return new SchemaMismatch(mappingFile, 0, $"{what}: '{fetch.Query}' has no argument '{fetch.Argument}'.");
        }
        else if (TypeOf(argument.GetProperty("type")).ToString() != fetch.ArgumentType)
        {
            yield return new SchemaMismatch(mappingFile, 0,
                $"{what}: '{fetch.Query}({fetch.Argument}:)' takes {TypeOf(argument.GetProperty("type"))} on the remote, not {fetch.ArgumentType}.");
        }

        var returns = TypeOf(query.GetProperty("type"));
        if (!returns.IsList || returns.Name != fetch.ItemType)
        {
            yield return new SchemaMismatch(mappingFile, 0, $"{what}: '{fetch.Query}' returns {returns} on the remote, not a list of {fetch.ItemType}.");
            yield break;
        }

        var itemFields = types.TryGetValue(fetch.ItemType, out var item) ? Fields(item) : [];
        foreach (var parentKey in fetch.ParentKeys.Where(k => !itemFields.ContainsKey(k)))
        {
            yield return new SchemaMismatch(mappingFile, 0, $"{what}: '{fetch.ItemType}' has no field '{parentKey}' on the remote to match parents by.");
        }
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement type) =>
        type.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array
            ? fields.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, StringComparer.Ordinal)
            : [];

    /// <summary>Same named type (ID and String are interchangeable: both travel as strings) and list shape; non-null kept.</summary>
    private static bool Compatible(TypeRef expected, TypeRef actual)
    {
        var sameName = expected.Name == actual.Name || (expected.Name is "ID" or "String" && actual.Name is "ID" or "String");
        return sameName && expected.IsList == actual.IsList
            && (!expected.NonNull || actual.NonNull)
            && (!expected.ItemNonNull || actual.ItemNonNull);
    }

    /// <summary>An introspection <c>__Type</c> reference as a <see cref="TypeRef"/>.</summary>
    private static TypeRef TypeOf(JsonElement type)
    {
        var nonNull = type.GetProperty("kind").GetString() == "NON_NULL";
        var inner = nonNull ? type.GetProperty("ofType") : type;
        if (inner.GetProperty("kind").GetString() == "LIST")
        {
            var item = inner.GetProperty("ofType");
            var itemNonNull = item.GetProperty("kind").GetString() == "NON_NULL";
            var named = itemNonNull ? item.GetProperty("ofType") : item;
            return new TypeRef(named.GetProperty("name").GetString() ?? "?", nonNull, true, itemNonNull);
        }

        return new TypeRef(inner.GetProperty("name").GetString() ?? "?", nonNull, false, false);
    }
}
