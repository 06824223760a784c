namespace DataHub.Departments.Aggregates;

/// <summary>
/// One aggregate a client asks of a service: groups (<c>name</c> or <c>name:month</c>, at most
/// <see cref="AggregateReader.MaxDimensions"/>), conditions that all hold (at most <see cref="AggregateReader.MaxConditions"/>),
/// and optionally the record-key parameters.
/// </summary>
public sealed record AggregateRequest(IReadOnlyList<string>? GroupBy, IReadOnlyList<AggregateCondition>? Where, AggregateKeys? RecordKeys);
