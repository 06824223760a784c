using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DataHub.Hub.GraphQL;

/// <summary>The <c>Date</c> scalar of the source schemas: a calendar date written <c>yyyy-MM-dd</c>.</summary>
public sealed class DateGraphType : ScalarGraphType
{
    public DateGraphType()
    {
        Name = "Date";
        Description = "A calendar date, written yyyy-MM-dd.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => ParseText(s.Value.ToString()),
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        DateOnly date => date,
        string s => ParseText(s),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s => ParseText(s).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    private static DateOnly ParseText(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"'{text}' is not a date in the form yyyy-MM-dd.");
}
