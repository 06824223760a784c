namespace DataHub.Connectors;

/// <summary>How a dimension's value is grouped.</summary>
public enum DimensionBucket
{
    /// <summary>The value itself.</summary>
    Value,

    /// <summary>A date's month, as <c>yyyy-MM</c>.</summary>
    Month,

    /// <summary>A date of birth's age band at the query's day, as <c>0-5</c>, <c>6-13</c>, …, <c>60+</c>.</summary>
    AgeBand,

    /// <summary>Whether the value is there: <c>true</c> or <c>false</c>.</summary>
    Present,
}
