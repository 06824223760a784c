using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DataHub.Hub.Planning;

/// <summary>
/// One field of an operation as it will execute: after variables are coerced, defaults applied and
/// <c>@include</c>/<c>@skip</c> evaluated, with fields of the same response key merged, exactly as the executor
/// collects them.
/// </summary>
public sealed class PlannedField(
    string responseKey, GraphQLField node, FieldType definition, IGraphType parentType,
    IDictionary<string, ArgumentValue>? arguments, PlannedField? parent)
{
    public string ResponseKey { get; } = responseKey;

    public GraphQLField Node { get; } = node;

    public FieldType Definition { get; } = definition;

    /// <summary>The object type the field is selected on.</summary>
    public IGraphType ParentType { get; } = parentType;

    public string Name => Definition.Name;

    /// <summary>
    /// Response keys from the operation's root to this field, as an error's <c>path</c> names it: made when an error
    /// asks for it, not for every field planned.
    /// </summary>
    public IReadOnlyList<object> Path => _path ??= parent is null ? [ResponseKey] : [.. parent.Path, ResponseKey];

    private IReadOnlyList<object>? _path;

    public List<PlannedField> Children { get; } = [];

    /// <summary>An argument's coerced value (a variable's value or its default, or the literal).</summary>
    public object? Argument(string name) =>
        arguments is not null && arguments.TryGetValue(name, out var value) ? value.Value : null;

    public bool IsIntrospection => Name.StartsWith("__", StringComparison.Ordinal);
}
