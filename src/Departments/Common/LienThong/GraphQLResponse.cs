namespace DataHub.Departments.LienThong;

/// <summary>A GraphQL answer: typed data and the errors beside it (a field refused or a source down nulls only that field).</summary>
public sealed record GraphQLResponse<T>(T? Data, IReadOnlyList<GraphQLError>? Errors)
{
    public bool HasErrors => Errors is { Count: > 0 };

    /// <summary>True when an error carries this code, e.g. SOURCE_UNAVAILABLE.</summary>
    public bool Has(string code) => Errors?.Any(e => e.Code == code) == true;
}
