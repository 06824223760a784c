namespace DataHub.Hub.Access;

/// <summary>
/// Who a root field is for, declared on the field where it is defined (GraphQL.NET field metadata), so that the one
/// access decision reads it from the schema instead of knowing field names.
/// </summary>
public static class Audiences
{
    /// <summary>The metadata key on a <c>FieldType</c>.</summary>
    public const string Metadata = "datahub.audience";

    /// <summary>Data stewards only (e.g. the whole audit log).</summary>
    public const string Steward = "steward";

    /// <summary>
    /// The metadata key of the electronic-ID level a citizen field needs (an int; giving or withdrawing consent):
    /// a citizen signed in at a lower level is refused with <c>ELECTRONIC_ID_LEVEL_TOO_LOW</c>.
    /// </summary>
    public const string LevelMetadata = "datahub.level";

    /// <summary>A citizen about themselves only (e.g. their own access history).</summary>
    public const string Citizen = "citizen";

    /// <summary>A department about itself only (e.g. asking for access).</summary>
    public const string Department = "department";

    /// <summary>Data stewards and departments, not citizens (life events; data-quality findings, each department its own).</summary>
    public const string StewardOrDepartment = "steward-or-department";
}
