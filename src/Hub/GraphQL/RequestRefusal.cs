namespace DataHub.Hub.GraphQL;

/// <summary>A request that cannot be read: its HTTP status, stable code and what to do.</summary>
public sealed record RequestRefusal(int Status, string Code, string Message);
