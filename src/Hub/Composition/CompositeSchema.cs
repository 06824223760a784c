using DataHub.Connectors;

namespace DataHub.Hub.Composition;

/// <summary>
/// The one schema clients see, merged from every source schema, with the routing the planner needs:
/// which source owns each field and where each entity can be looked up.
/// </summary>
public sealed class CompositeSchema(
    IReadOnlyDictionary<string, CompositeType> types,
    IReadOnlyList<CompositeRootField> queryFields,
    IReadOnlyList<SourceSchema> sources)
{
    public IReadOnlyDictionary<string, CompositeType> Types { get; } = types;

    public IReadOnlyList<CompositeRootField> QueryFields { get; } = queryFields;

    public IReadOnlyList<SourceSchema> Sources { get; } = sources;

    public CompositeType GetType(string name) => Types[name];
}

/// <summary>What a field holds, which decides how it is resolved.</summary>
public enum FieldKind
{
    /// <summary>A scalar or enum value read from the owning source's row.</summary>
    Value,

    /// <summary>An object without a key stored inside the owner's row (e.g. an identity card).</summary>
    Embedded,

    /// <summary>One entity, named by its key in the owner's row.</summary>
    Reference,

    /// <summary>Entities that point back at the parent, fetched from the owner by the parent's key.</summary>
    EntityList,
}

/// <summary>A composite object or enum type.</summary>
public sealed class CompositeType(string name, SourceTypeKind kind, string? description)
{
    public string Name { get; } = name;

    public SourceTypeKind Kind { get; } = kind;

    public string? Description { get; internal set; } = description;

    /// <summary>The key field of an entity type; null for plain objects and enums.</summary>
    public string? KeyField { get; internal set; }

    public List<CompositeField> Fields { get; } = [];

    public List<string> EnumValues { get; } = [];

    /// <summary>The sources that can look this entity up by its key.</summary>
    public HashSet<string> LookupSources { get; } = [];

    public bool IsEntity => KeyField is not null;

    public CompositeField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>A composite field and the source that resolves it (null for an entity's key: every source knows it).</summary>
public sealed record CompositeField(string Name, TypeRef Type, string? Description, string? OwnerSource, FieldKind Kind)
{
    public bool IsKey => OwnerSource is null;
}

/// <summary>How a root query field reads its source.</summary>
public enum RootFieldKind
{
    /// <summary>One entity by key: <c>citizen(personalId: ID!)</c>.</summary>
    Lookup,

    /// <summary>A filtered, ordered, paged list: <c>citizens(where, order, first, after)</c>.</summary>
    Connection,
}

/// <summary>A field of the composite <c>Query</c> type.</summary>
public sealed record CompositeRootField(
    string Name, string Source, RootFieldKind Kind, string EntityType, IReadOnlyList<SourceArgument> Arguments, string? Description);
