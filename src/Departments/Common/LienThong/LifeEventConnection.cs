namespace DataHub.Departments.LienThong;

/// <summary>One page of <c>lifeEvents</c>: the events, whether more follow, the cursor to go on from.</summary>
public sealed record LifeEventConnection<TNode>(IReadOnlyList<TNode> Nodes, bool HasNextPage, string? EndCursor);
