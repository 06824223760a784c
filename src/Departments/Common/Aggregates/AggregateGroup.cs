using System.Text.Json.Serialization;

namespace DataHub.Departments.Aggregates;

/// <summary>One group of an answer: its values in the order asked (null: no value), its count, its records' key sum.</summary>
public sealed record AggregateGroup(
    [property: JsonPropertyName("keys")] IReadOnlyList<string?> Keys,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("keySum")] long? KeySum);
