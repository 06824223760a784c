namespace DataHub.Departments.Aggregates;

/// <summary>
/// <c>field op value</c>: <c>eq</c>, <c>neq</c>, <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c> take <see cref="Value"/>,
/// <c>in</c> and <c>nin</c> take <see cref="Values"/>; values as the API writes them (dates in its format).
/// </summary>
public sealed record AggregateCondition(string Field, string Op, string? Value = null, IReadOnlyList<string?>? Values = null);
