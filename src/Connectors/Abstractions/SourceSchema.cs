namespace DataHub.Connectors;

/// <summary>
/// A source schema as read from <c>schema/&lt;source&gt;.graphql</c>: the types and fields one source
/// contributes, with the Composite Schemas directives that say how they merge.
/// </summary>
public sealed class SourceSchema(string name, string filePath, IReadOnlyList<SourceType> types)
{
    public string Name { get; } = name;

    public string FilePath { get; } = filePath;

    public IReadOnlyList<SourceType> Types { get; } = types;

    // Asked per row and field by the connectors: a loop over a few types, with nothing to allocate.
    public SourceType? FindType(string typeName)
    {
        for (var i = 0; i < Types.Count; i++) // indexed: a foreach over the interface allocates an enumerator
        {
            if (Types[i].Name == typeName)
            {
                return Types[i];
            }
        }

        return null;
    }
}

/// <summary>The kinds of named types a source schema may declare.</summary>
public enum SourceTypeKind
{
    Object,
    Enum,
    Scalar,
}

/// <summary>A named type of a source schema; <see cref="Line"/> points into the file for error messages.</summary>
public sealed record SourceType(
    string Name,
    SourceTypeKind Kind,
    string? Description,
    IReadOnlyList<SourceField> Fields,
    IReadOnlyList<string> EnumValues,
    IReadOnlyList<string> KeyFields,
    bool IsInaccessible,
    int Line)
{
    public bool IsEntity => KeyFields.Count > 0;

    public SourceField? FindField(string fieldName)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == fieldName)
            {
                return Fields[i];
            }
        }

        return null;
    }
}

/// <summary>A field with its type and the directives DataHub understands.</summary>
public sealed record SourceField(
    string Name,
    TypeRef Type,
    string? Description,
    IReadOnlyList<SourceArgument> Arguments,
    FieldDirectives Directives,
    int Line);

/// <summary>An argument of a (root) field.</summary>
public sealed record SourceArgument(string Name, TypeRef Type, string? Description);

/// <summary>The Composite Schemas directives on a field, plus DataHub's <c>@connection</c>.</summary>
public sealed record FieldDirectives(
    bool Lookup = false,
    bool Internal = false,
    bool Inaccessible = false,
    bool Shareable = false,
    bool Connection = false);

/// <summary>A GraphQL type reference: a named type, maybe non-null, maybe a list (one level, as DataHub needs).</summary>
public sealed record TypeRef(string Name, bool NonNull, bool IsList, bool ItemNonNull)
{
    public override string ToString()
    {
        var inner = IsList ? $"[{Name}{(ItemNonNull ? "!" : "")}]" : Name;
        return NonNull ? inner + "!" : inner;
    }

    /// <summary>The same shape, ignoring nullability: what two sources must agree on.</summary>
    public bool HasSameShape(TypeRef other) => Name == other.Name && IsList == other.IsList;

    public static IReadOnlySet<string> BuiltInScalars { get; } =
        new HashSet<string> { "ID", "String", "Int", "Float", "Boolean", "Date" };
}
