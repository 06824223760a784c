using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Registry;

namespace DataHub.Hub.Admin;

/// <summary>Who makes a change and why; recorded with the change.</summary>
public sealed record ChangeAuthor(string Actor, string? Reason);

/// <summary>
/// The stable codes of the admin API. Each error says what to do; a refused change changes nothing.
/// </summary>
public static class AdminErrors
{
    public const string StewardOnly = ErrorCodes.StewardOnly;
    public const string DepartmentOnly = ErrorCodes.DepartmentOnly;
    public const string UnknownDepartment = ErrorCodes.UnknownDepartment;
    public const string DepartmentExists = "DEPARTMENT_EXISTS";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string UnknownPurpose = ErrorCodes.UnknownPurpose;
    public const string PurposeExists = "PURPOSE_EXISTS";
    public const string PurposeNotAllowed = ErrorCodes.PurposeNotAllowed;
    public const string InvalidValidity = "INVALID_VALIDITY";
    public const string UnknownGrant = "UNKNOWN_GRANT";
    public const string GrantRevoked = "GRANT_ALREADY_REVOKED";
    public const string UnknownRequest = "UNKNOWN_REQUEST";
    public const string RequestDecided = "REQUEST_ALREADY_DECIDED";
    public const string FieldHasGrants = "FIELD_HAS_GRANTS";
    public const string FieldNeverExposed = "FIELD_NEVER_EXPOSED";
    public const string UnknownConsent = "UNKNOWN_CONSENT";
    public const string ConsentRevoked = "CONSENT_ALREADY_REVOKED";
    public const string ReasonRequired = "REASON_REQUIRED";
    public const string Conflict = "CONFLICT";
    public const string InvalidArgument = ErrorCodes.InvalidArgument;

    public static DataHubError Error(string code, string message, params (string Key, object? Value)[] data)
    {
        var error = new DataHubError(code, message);
        foreach (var (key, value) in data)
        {
            error.Data[key] = value;
        }

        return error;
    }

    public static DataHubError VersionConflict(string what, int expected, int actual) => Error(Conflict,
        $"{what} was changed by someone else since you read it (you had version {expected}, it is now {actual}). " +
        "Reload it and decide again; nothing was changed.", ("expectedVersion", expected), ("currentVersion", actual));
}

/// <summary>Writes the record of one change, in the same unit of work as the change itself.</summary>
public static class AdminChangeLog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Vietnamese stays readable; shown HTML-encoded.
    };

    public static AdminChange Record(RegistryDbContext db, ChangeAuthor author, string action, string target, object? before, object? after, DateTime at)
    {
        var change = new AdminChange
        {
            At = at,
            Actor = author.Actor,
            Action = action,
            Target = target,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            Reason = string.IsNullOrWhiteSpace(author.Reason) ? null : author.Reason.Trim(),
        };
        db.AdminChanges.Add(change);
        return change;
    }

    public static object Snapshot(FieldGrant g, int version) => new
    {
        id = g.Id,
        department = g.DepartmentCode,
        field = g.Field,
        purpose = g.PurposeCode,
        legalBasis = g.LegalBasis,
        validFrom = Time(g.ValidFrom),
        validTo = Time(g.ValidTo),
        revokedAt = Time(g.RevokedAt),
        version,
    };

    public static object Snapshot(AccessRequest r) => new
    {
        id = r.Id,
        department = r.DepartmentCode,
        fields = r.Fields,
        purpose = r.PurposeCode,
        status = r.Status.ToString(),
        legalBasis = r.LegalBasis,
        validFrom = Time(r.ValidFrom),
        validTo = Time(r.ValidTo),
        grants = r.GrantIds,
        version = r.Version,
    };

    public static object Snapshot(FieldClassification c) => new { field = c.Field, @class = c.Class.ToString(), reason = c.Reason };

    public static object Snapshot(Purpose p) => new { code = p.Code, name = p.Name, legalBasis = p.LegalBasis, departments = p.Departments };

    public static object Snapshot(ConsentRecord c) => new
    {
        id = c.Id,
        department = c.DepartmentCode,
        purpose = c.PurposeCode,
        fields = c.Fields,
        givenAt = Time(c.GivenAt),
        expiresAt = Time(c.ExpiresAt),
        revokedAt = Time(c.RevokedAt),
    };

    public static object Snapshot(Identity.Department d) => new
    {
        code = d.Code,
        name = d.Name,
        owningAgency = d.OwningAgency,
        entraApplicationId = d.EntraApplicationId,
        isActive = d.IsActive,
        requestsPerMinute = d.RequestsPerMinute,
    };

    public static string? Time(DateTime? time) => time is null
        ? null
        : DateTime.SpecifyKind(time.Value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
