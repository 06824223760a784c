namespace DataHub.Departments.Aggregates;

/// <summary>
/// What a service counts for its clients: one table, the column whose last seven digits give a record its cell key
/// (a personal ID), and the columns that may be grouped and filtered by. Nothing else of the table is reachable.
/// </summary>
public sealed record AggregateTable(string Table, string KeyColumn, IReadOnlyList<AggregateColumn> Columns)
{
    public AggregateColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
