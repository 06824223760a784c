namespace DataHub.Connectors;

/// <summary>A filter tree in schema names, the shape of Hot Chocolate's <c>where</c> argument.</summary>
public abstract record FilterNode;

/// <summary>All of the parts hold.</summary>
public sealed record AllOf(IReadOnlyList<FilterNode> Parts) : FilterNode;

/// <summary>At least one of the parts holds.</summary>
public sealed record AnyOf(IReadOnlyList<FilterNode> Parts) : FilterNode;

/// <summary><c>field op value</c>; for <see cref="FilterOperator.In"/> and <see cref="FilterOperator.NotIn"/> the value is a list.</summary>
public sealed record FieldCondition(string Field, FilterOperator Operator, object? Value) : FilterNode;

/// <summary>The operators of Hot Chocolate's operation filter inputs that DataHub supports.</summary>
public enum FilterOperator
{
    Eq,
    Neq,
    In,
    NotIn,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    Gt,
    Gte,
    Lt,
    Lte,
}
