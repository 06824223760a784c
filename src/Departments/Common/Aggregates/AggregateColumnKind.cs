namespace DataHub.Departments.Aggregates;

/// <summary>How a column's values are compared and grouped.</summary>
public enum AggregateColumnKind
{
    /// <summary>Text, grouped by value.</summary>
    Text,

    /// <summary>An integer, grouped by value.</summary>
    Integer,

    /// <summary>0 or 1, written true or false.</summary>
    Boolean,

    /// <summary>A date: grouped by month (<c>name:month</c>, written <c>yyyy-MM</c>) or by value.</summary>
    Date,
}
