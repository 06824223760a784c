namespace DataHub.Departments.Aggregates;

/// <summary>
/// A column a service lets clients group and filter by, under the name its API uses (<paramref name="Name"/>).
/// Dates are stored as <c>yyyy-MM-dd</c> text and written in the API as <paramref name="DateFormat"/>.
/// </summary>
public sealed record AggregateColumn(string Name, string Sql, AggregateColumnKind Kind, string DateFormat = "yyyy-MM-dd");
