namespace DataHub.Hub.Composition;

/// <summary>
/// One broken composition rule: which file and line, which rule (named as in the GraphQL Composite Schemas
/// spec where it has one), and what to change.
/// </summary>
public sealed record CompositionError(string Code, string Rule, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Code} ({Rule}): {Message}";
}

/// <summary>Composition failed; start-up stops with every error listed.</summary>
public sealed class CompositionException(IReadOnlyList<CompositionError> errors)
    : Exception("The source schemas do not compose:" + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<CompositionError> Errors { get; } = errors;
}

/// <summary>The rules DataHub checks, with their stable codes.</summary>
public static class CompositionRules
{
    public static readonly (string Code, string Rule) InvalidGraphQL = ("INVALID_GRAPHQL", "Invalid GraphQL");
    public static readonly (string Code, string Rule) UnknownDirective = ("UNKNOWN_DIRECTIVE", "Directives Are Defined");
    public static readonly (string Code, string Rule) UnknownType = ("UNKNOWN_TYPE", "Type References Are Defined");
    public static readonly (string Code, string Rule) TypeKindMismatch = ("TYPE_KIND_MISMATCH", "Type Kind Mismatch");
    public static readonly (string Code, string Rule) EnumValuesMismatch = ("ENUM_VALUES_MISMATCH", "Enum Values Mismatch");
    public static readonly (string Code, string Rule) OutputFieldTypesNotMergeable = ("OUTPUT_FIELD_TYPES_NOT_MERGEABLE", "Output Field Types Mergeable");
    public static readonly (string Code, string Rule) InvalidFieldSharing = ("INVALID_FIELD_SHARING", "Invalid Field Sharing");
    public static readonly (string Code, string Rule) KeyInvalidSyntax = ("KEY_INVALID_SYNTAX", "Key Invalid Syntax");
    public static readonly (string Code, string Rule) KeyInvalidFields = ("KEY_INVALID_FIELDS", "Key Invalid Fields");
    public static readonly (string Code, string Rule) KeyFieldsSelectInvalidType = ("KEY_FIELDS_SELECT_INVALID_TYPE", "Key Fields Select Invalid Type");
    public static readonly (string Code, string Rule) KeyWithoutLookup = ("KEY_WITHOUT_LOOKUP", "Entity Must Have Lookup");
    public static readonly (string Code, string Rule) LookupReturnsList = ("LOOKUP_RETURNS_LIST", "Lookup Returns List");
    public static readonly (string Code, string Rule) LookupArgumentNotKey = ("LOOKUP_ARGUMENT_NOT_KEY", "Lookup Argument Matches Key");
    public static readonly (string Code, string Rule) InvalidConnection = ("INVALID_CONNECTION", "Connection Returns Entity List");
    public static readonly (string Code, string Rule) MissingMapping = ("SOURCE_MAPPING_INVALID", "Source Mapping Matches Schema");
}
