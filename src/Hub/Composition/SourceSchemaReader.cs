using DataHub.Connectors;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace DataHub.Hub.Composition;

/// <summary>
/// Reads one source schema file (SDL) into a <see cref="SourceSchema"/>, keeping line numbers so that
/// composition errors can point at the line to fix.
/// </summary>
public static class SourceSchemaReader
{
    private static readonly HashSet<string> TypeDirectives = ["key", "inaccessible", "shareable"];
    private static readonly HashSet<string> FieldDirectives = ["lookup", "internal", "inaccessible", "shareable", "connection"];

    /// <summary>Reads <paramref name="filePath"/>; the source's name is the file name without extension.</summary>
    public static SourceSchema Read(string filePath, ICollection<CompositionError> errors) =>
        Parse(Path.GetFileNameWithoutExtension(filePath), filePath, File.ReadAllText(filePath), errors);

    public static SourceSchema Parse(string sourceName, string filePath, string sdl, ICollection<CompositionError> errors)
    {
        var file = DisplayPath(filePath);
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLSyntaxErrorException ex)
        {
            errors.Add(Error(CompositionRules.InvalidGraphQL, file, ex.Location.Line, ex.Description));
            return new SourceSchema(sourceName, filePath, []);
        }

        var lines = new LineMap(sdl);
        var types = new List<SourceType>();
        foreach (var definition in document.Definitions)
        {
            var line = definition is INamedNode named ? lines.LineOf(named.Name) : lines.LineOf(definition);
            switch (definition)
            {
                case GraphQLObjectTypeDefinition obj:
                    types.Add(ReadObject(obj, file, lines, errors));
                    break;
                case GraphQLEnumTypeDefinition enumType:
                    types.Add(new SourceType(enumType.Name.StringValue, SourceTypeKind.Enum, enumType.Description?.Value.ToString(), [],
                        enumType.Values?.Items.Select(v => v.Name.StringValue).ToList() ?? [], [], false, line));
                    break;
                case GraphQLScalarTypeDefinition scalar:
                    if (!TypeRef.BuiltInScalars.Contains(scalar.Name.StringValue))
                    {
                        errors.Add(Error(CompositionRules.UnknownType, file, line,
                            $"scalar '{scalar.Name.StringValue}' is not one DataHub knows ({string.Join(", ", TypeRef.BuiltInScalars)})."));
                    }

                    break;
                default:
                    errors.Add(Error(CompositionRules.InvalidGraphQL, file, line,
                        $"a source schema declares object types, enums and scalars; '{definition.Kind}' is not supported."));
                    break;
            }
        }

        return new SourceSchema(sourceName, filePath, types);
    }

    /// <summary>The file as people see it in the repository (schema/x.graphql), not an absolute path.</summary>
    public static string DisplayPath(string filePath)
    {
        var directory = Path.GetFileName(Path.GetDirectoryName(filePath));
        return string.IsNullOrEmpty(directory) ? Path.GetFileName(filePath) : $"{directory}/{Path.GetFileName(filePath)}";
    }

    private static SourceType ReadObject(GraphQLObjectTypeDefinition obj, string file, LineMap lines, ICollection<CompositionError> errors)
    {
        var name = obj.Name.StringValue;
        var line = lines.LineOf(obj.Name);
        var keys = new List<string>();
        var inaccessible = false;
        foreach (var directive in obj.Directives?.Items ?? [])
        {
            var directiveName = directive.Name.StringValue;
            if (!TypeDirectives.Contains(directiveName))
            {
                errors.Add(Error(CompositionRules.UnknownDirective, file, lines.LineOf(directive),
                    $"@{directiveName} is not a directive for types; use @key, @inaccessible or @shareable."));
                continue;
            }

            if (directiveName == "inaccessible")
            {
                inaccessible = true;
            }

            if (directiveName == "key")
            {
                var fields = (directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "fields")?.Value as GraphQLStringValue)?.Value.ToString();
                var parts = fields?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
                if (parts.Length != 1 || parts[0].Contains('{') || parts[0].Contains('}'))
                {
                    errors.Add(Error(CompositionRules.KeyInvalidSyntax, file, lines.LineOf(directive),
                        $"@key on '{name}' needs fields: \"<one field>\"; DataHub supports single-field keys."));
                    continue;
                }

                keys.Add(parts[0]);
            }
        }

        var fieldList = new List<SourceField>();
        foreach (var field in obj.Fields?.Items ?? [])
        {
            fieldList.Add(ReadField(name, field, file, lines, errors));
        }

        return new SourceType(name, SourceTypeKind.Object, obj.Description?.Value.ToString(), fieldList, [], keys, inaccessible, line);
    }

    private static SourceField ReadField(string typeName, GraphQLFieldDefinition field, string file, LineMap lines, ICollection<CompositionError> errors)
    {
        var directives = new FieldDirectives();
        foreach (var directive in field.Directives?.Items ?? [])
        {
            var directiveName = directive.Name.StringValue;
            directives = directiveName switch
            {
                "lookup" => directives with { Lookup = true },
                "internal" => directives with { Internal = true },
                "inaccessible" => directives with { Inaccessible = true },
                "shareable" => directives with { Shareable = true },
                "connection" => directives with { Connection = true },
                _ => directives,
            };
            if (!FieldDirectives.Contains(directiveName))
            {
                errors.Add(Error(CompositionRules.UnknownDirective, file, lines.LineOf(directive),
                    $"@{directiveName} on '{typeName}.{field.Name.StringValue}' is not a directive DataHub understands " +
                    "(@lookup, @internal, @inaccessible, @shareable, @connection)."));
            }
        }

        var arguments = field.Arguments?.Items
            .Select(a => new SourceArgument(a.Name.StringValue, ToTypeRef(a.Type), a.Description?.Value.ToString()))
            .ToList() ?? [];
        return new SourceField(field.Name.StringValue, ToTypeRef(field.Type), field.Description?.Value.ToString(),
            arguments, directives, lines.LineOf(field.Name));
    }

    private static TypeRef ToTypeRef(GraphQLType type)
    {
        var nonNull = type is GraphQLNonNullType;
        var inner = type is GraphQLNonNullType nn ? nn.Type : type;
        if (inner is GraphQLListType list)
        {
            var itemNonNull = list.Type is GraphQLNonNullType;
            var item = list.Type is GraphQLNonNullType inn ? inn.Type : list.Type;
            return new TypeRef(((GraphQLNamedType)item).Name.StringValue, nonNull, true, itemNonNull);
        }

        return new TypeRef(((GraphQLNamedType)inner).Name.StringValue, nonNull, false, false);
    }

    private static CompositionError Error((string Code, string Rule) rule, string file, int line, string message) =>
        new(rule.Code, rule.Rule, file, line, message);

    /// <summary>Turns the parser's character offsets into 1-based line numbers.</summary>
    private sealed class LineMap(string text)
    {
        private readonly int[] _lineStarts = [0, .. text.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => x.i + 1)];

        public int LineOf(ASTNode node)
        {
            var index = Array.BinarySearch(_lineStarts, node.Location.Start);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
