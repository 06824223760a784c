using System.Text.Json;

namespace DataHub.Departments.LienThong;

/// <summary>One GraphQL error: its message, path and the hub's stable code.</summary>
public sealed record GraphQLError(string Message, IReadOnlyList<JsonElement>? Path, Dictionary<string, JsonElement>? Extensions)
{
    public string? Code => Extensions?.GetValueOrDefault("code") is { ValueKind: JsonValueKind.String } code ? code.GetString() : null;
}
