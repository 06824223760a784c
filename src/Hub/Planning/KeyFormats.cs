using DataHub.Domain;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Planning;

/// <summary>
/// The shape rules of entity keys that callers type in. A malformed key is bad input, refused before any
/// source is called. Citizens are keyed by personal ID; other keys need only be non-empty and short.
/// </summary>
public static class KeyFormats
{
    public static string Validate(string typeName, string keyField, string? key)
    {
        if (typeName == "Citizen" && keyField == "personalId")
        {
            return PersonalId.TryParse(key, out var id, out var problem)
                ? id.ToString()
                : throw new DataHubError(ErrorCodes.InvalidPersonalId, $"Invalid personal ID: {problem}");
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > 64)
        {
            throw new DataHubError(ErrorCodes.InvalidKey, $"'{keyField}' must be a non-empty identifier of at most 64 characters.");
        }

        return key;
    }
}
