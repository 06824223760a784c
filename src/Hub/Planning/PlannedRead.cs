namespace DataHub.Hub.Planning;

/// <summary>How an operation discloses a field.</summary>
public enum ReadKind
{
    /// <summary>Selected: its value is in the answer.</summary>
    Selected,

    /// <summary>Named in a <c>where</c> argument: which items match reveals it.</summary>
    Filtered,

    /// <summary>Named in an <c>order</c> argument: the order of the items reveals it.</summary>
    Sorted,

    /// <summary>An entity's key, read by every root field of that entity: existence and counts reveal it.</summary>
    Counted,

    /// <summary>
    /// A statistics figure (<c>Statistics.population</c>), a dimension it is grouped by or a field its <c>where</c>
    /// names (<c>Statistics.population.commune</c>): counts and sums, never a record.
    /// </summary>
    Aggregated,
}

/// <summary>A field (<c>Type.field</c>) an operation discloses, where and how.</summary>
public sealed record PlannedRead(string Field, ReadKind Kind, PlannedField At);
