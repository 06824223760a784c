namespace DataHub.Departments.LienThong;

/// <summary>The data of a worker's <c>lifeEvents</c> polling document.</summary>
public sealed record LifeEventPage<TNode>(LifeEventConnection<TNode> LifeEvents);
