using GraphQLParser.AST;

namespace DataHub.Hub.Planning;

/// <summary>
/// An operation as it will execute: its fields, and every composite field it discloses — selected, used in
/// <c>where</c> or <c>order</c>, or counted. The access decision and the audit entry both read this plan, so what is
/// checked and recorded is what runs.
/// </summary>
public sealed class OperationPlan(OperationType operationType, IReadOnlyList<PlannedField> roots, IReadOnlyList<PlannedRead> reads)
{
    public OperationType OperationType { get; } = operationType;

    public IReadOnlyList<PlannedField> Roots { get; } = roots;

    /// <summary>Composite fields disclosed, in document order (a field may appear more than once).</summary>
    public IReadOnlyList<PlannedRead> Reads { get; } = reads;

    /// <summary>The distinct <c>Type.field</c> names disclosed, sorted: what the audit entry lists.</summary>
    public IReadOnlyList<string> DisclosedFields { get; } = reads.Select(r => r.Field).Distinct().Order(StringComparer.Ordinal).ToList();
}
