namespace DataHub.Departments.Aggregates;

/// <summary>An aggregate the service will not compute (unknown dimension or field, bad operator or value): a 400 with a code.</summary>
public sealed class AggregateRefusedException(string code, string message) : Exception(message)
{
    public const string UnknownDimension = "UNKNOWN_DIMENSION";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string BadCondition = "BAD_CONDITION";
    public const string TooLarge = "AGGREGATE_TOO_LARGE";

    public string Code { get; } = code;
}
