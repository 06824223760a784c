using System.Globalization;
using System.Text.Json;

namespace DataHub.Connectors.Http;

/// <summary>
/// Turns JSON values from a remote into the CLR values rows carry (string, int, double, bool, DateOnly), by the
/// source schema's type. A value of the wrong kind is a bad answer, reported as such rather than passed on.
/// </summary>
public static class JsonValues
{
    /// <summary>Reads <paramref name="value"/> as <paramref name="type"/>; <paramref name="problem"/> says why not when it returns false.</summary>
    public static bool TryRead(
        JsonElement value, TypeRef type, SourceSchema schema, string? dateFormat, IReadOnlyDictionary<string, string>? enumValues,
        out object? result, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(schema);
        result = null;
        problem = null;
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            problem = type.NonNull ? "is null but the schema says it cannot be" : null;
            return !type.NonNull;
        }

        switch (type.Name)
        {
            case "ID" or "String" when value.ValueKind == JsonValueKind.String:
                result = value.GetString();
                return true;
            case "ID" when value.ValueKind == JsonValueKind.Number:
                result = value.GetRawText();
                return true;
            case "Int" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i):
                result = i;
                return true;
            case "Float" when value.ValueKind == JsonValueKind.Number:
                result = value.GetDouble();
                return true;
            case "Boolean" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                result = value.GetBoolean();
                return true;
            case "Date" when value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), dateFormat ?? "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                result = date;
                return true;
        }

        if (schema.FindType(type.Name) is { Kind: SourceTypeKind.Enum } enumType && value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            var mapped = enumValues is null ? text : enumValues.GetValueOrDefault(text);
            if (mapped is not null && enumType.EnumValues.Contains(mapped))
            {
                result = mapped;
                return true;
            }

            problem = $"holds '{text}', which is not a value of {type.Name}";
            return false;
        }

        problem = $"holds a JSON {value.ValueKind.ToString().ToLowerInvariant()} where the schema says {type.Name}";
        return false;
    }
}
