using DataHub.Connectors;
using DataHub.Domain;
using DataHub.Hub.Access;
using DataHub.Hub.Composition;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Admin;

/// <summary>
/// What the admin API and the steward console do: it checks what only the composite schema knows (field names)
/// and hands policy changes to <see cref="AccessAdministration"/>, the one path that drops cached decisions.
/// Departments and access requests, which decide nothing on their own, are changed here, recorded the same way.
/// </summary>
public sealed class Governance(
    IDbContextFactory<RegistryDbContext> registry, AccessAdministration access, AccessDecisions decisions, CompositeSchema composite,
    TimeProvider clock)
{
    private readonly HashSet<string> _compositeFields = composite.Types.Values
        .Where(t => t.Kind == SourceTypeKind.Object)
        .SelectMany(t => t.Fields.Select(f => $"{t.Name}.{f.Name}"))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every field of the composite schema (<c>Type.field</c>), sorted.</summary>
    public IReadOnlyList<string> CompositeFields => _compositeFields.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Fields must exist in the composite schema; a classification may also name a never-exposed field the composite
    /// leaves out (biometrics), as long as the registry already classifies it.
    /// </summary>
    public async Task<List<string>> RequireFieldsAsync(IEnumerable<string> fields, bool allowClassified, CancellationToken cancellationToken)
    {
        var list = AdminLimits.List(fields.ToList(), "fields").Select(f => f.Trim()).Where(f => f.Length > 0).Distinct().ToList();
        if (list.Count == 0)
        {
            throw AdminErrors.Error(AdminErrors.UnknownField, "Name at least one field (Type.field, e.g. Citizen.occupation).");
        }

        var unknown = list.Where(f => !_compositeFields.Contains(f)).ToList();
        if (unknown.Count > 0 && allowClassified)
        {
            await using var db = await registry.CreateDbContextAsync(cancellationToken);
            var classified = await db.FieldClassifications.AsNoTracking().Where(c => unknown.Contains(c.Field)).Select(c => c.Field).ToListAsync(cancellationToken);
            unknown.RemoveAll(classified.Contains);
        }

        if (unknown.Count > 0)
        {
            throw AdminErrors.Error(AdminErrors.UnknownField,
                $"{string.Join(", ", unknown.Select(f => $"'{f}'"))} {(unknown.Count == 1 ? "is not a field" : "are not fields")} of the composite schema " +
                "(write Type.field, e.g. Citizen.occupation).", ("fields", unknown));
        }

        return list;
    }

    public async Task<Department> AddDepartmentAsync(Department department, ChangeAuthor author, CancellationToken cancellationToken)
    {
        if (!IsCode(department.Code) || string.IsNullOrWhiteSpace(department.Name) || string.IsNullOrWhiteSpace(department.OwningAgency))
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument,
                "A department needs a code (lower-case letters, digits and '-'), a name and an owning agency.");
        }

        AdminLimits.Text(department.Name, "name", AdminLimits.MaxNameLength);
        AdminLimits.Text(department.OwningAgency, "owningAgency", AdminLimits.MaxNameLength);
        AdminLimits.Text(department.EntraApplicationId, "entraApplicationId", AdminLimits.MaxNameLength);

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Departments.AnyAsync(d => d.Code == department.Code, cancellationToken))
        {
            throw AdminErrors.Error(AdminErrors.DepartmentExists, $"The department '{department.Code}' exists already.", ("department", department.Code));
        }

        if (department.EntraApplicationId is { } app)
        {
            // Application ids are GUIDs: one that differs only by case is the same app (the policy compares them without case).
            // A province has dozens of departments: compared here, the same on SQLite and PostgreSQL whatever their collation.
            var registered = await db.Departments.AsNoTracking().Where(d => d.EntraApplicationId != null)
                .Select(d => new { d.Code, d.EntraApplicationId }).ToListAsync(cancellationToken);
            var holder = registered.FirstOrDefault(d => string.Equals(d.EntraApplicationId, app, StringComparison.OrdinalIgnoreCase))?.Code;
            if (holder is not null)
            {
                throw AdminErrors.Error(AdminErrors.DepartmentExists,
                    $"The department '{holder}' already uses the application id '{app}' (case does not count): one app is one department.",
                    ("department", holder));
            }
        }

        department.IsActive = true;
        db.Departments.Add(department);
        AdminChangeLog.Record(db, author, "addDepartment", "department/" + department.Code, null, AdminChangeLog.Snapshot(department), Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate(); // callers are resolved from the cached policy
        return department;
    }

    /// <summary>An inactive department's tokens are refused from the next request on (DEPARTMENT_INACTIVE).</summary>
    public async Task<Department> SetDepartmentActiveAsync(string code, bool active, ChangeAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownDepartment, $"'{code}' is not a registered department.", ("department", code));
        var before = AdminChangeLog.Snapshot(department);
        department.IsActive = active;
        AdminChangeLog.Record(db, author, active ? "activateDepartment" : "deactivateDepartment", "department/" + code, before,
            AdminChangeLog.Snapshot(department), Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate(); // callers are resolved from the cached policy
        return department;
    }

    /// <summary>Sets how many requests per minute a department's app may send; null: the configured default again.</summary>
    public async Task<Department> SetDepartmentQuotaAsync(string code, int? perMinute, ChangeAuthor author, CancellationToken cancellationToken)
    {
        if (perMinute is < 1 or > MaxRequestsPerMinute)
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument,
                $"requestsPerMinute must be between 1 and {MaxRequestsPerMinute}, or null for the configured default.", ("argument", "requestsPerMinute"));
        }

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownDepartment, $"'{code}' is not a registered department.", ("department", code));
        var before = AdminChangeLog.Snapshot(department);
        department.RequestsPerMinute = perMinute;
        AdminChangeLog.Record(db, author, "setDepartmentQuota", "department/" + code, before, AdminChangeLog.Snapshot(department), Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate(); // the rate limiter reads quotas from the cached policy
        return department;
    }

    public async Task<Purpose> SavePurposeAsync(
        string code, string name, string legalBasis, IReadOnlyCollection<string> departments, bool create, ChangeAuthor author, CancellationToken cancellationToken)
    {
        if (!IsCode(code) || string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(legalBasis))
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument, "A purpose needs a code (lower-case letters, digits and '-'), a name and a legal basis.");
        }

        AdminLimits.Text(name, "name", AdminLimits.MaxNameLength);
        AdminLimits.Text(legalBasis, "legalBasis");
        AdminLimits.List(departments, "departments");

        return await access.SavePurposeAsync(code, name.Trim(), legalBasis.Trim(), departments, create, author, cancellationToken);
    }

    public async Task<IReadOnlyList<FieldGrant>> GrantAsync(
        string department, IEnumerable<string> fields, string purpose, string legalBasis, DateTime? validFrom, DateTime? validTo,
        ChangeAuthor author, CancellationToken cancellationToken)
    {
        RequireLegalBasis(legalBasis);
        var known = await RequireFieldsAsync(fields, allowClassified: true, cancellationToken);
        return await access.GrantFieldsAsync(department, known, purpose, legalBasis.Trim(), validFrom ?? Now, validTo, author, cancellationToken);
    }

    public async Task<FieldClassification> ClassifyAsync(string field, FieldClass fieldClass, ChangeAuthor author, CancellationToken cancellationToken)
    {
        var known = await RequireFieldsAsync([field], allowClassified: true, cancellationToken);
        return await access.ClassifyAsync(known[0], fieldClass, author, cancellationToken);
    }

    public async Task<ConsentRecord> RecordConsentAsync(
        string personalId, string department, string purpose, IEnumerable<string> fields, DateTime? expiresAt, ChangeAuthor author,
        CancellationToken cancellationToken)
    {
        var id = RequirePersonalId(personalId);
        var known = await RequireFieldsAsync(fields, allowClassified: false, cancellationToken);
        return await access.RecordConsentAsync(id, department, purpose, known, expiresAt, author, cancellationToken);
    }

    /// <summary>A department asks for fields it cannot read yet; the request waits for a steward.</summary>
    public async Task<AccessRequest> RequestAccessAsync(
        string department, string requestedBy, IEnumerable<string> fields, string purpose, string justification, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(justification))
        {
            throw AdminErrors.Error(AdminErrors.ReasonRequired, "Say why the department needs these fields (justification).");
        }

        AdminLimits.Text(justification, "justification");

        var known = await RequireFieldsAsync(fields, allowClassified: true, cancellationToken);
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var registered = await db.Purposes.AsNoTracking().FirstOrDefaultAsync(p => p.Code == purpose, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownPurpose, $"'{purpose}' is not a registered purpose.", ("purpose", purpose));
        if (!registered.DepartmentCodes.Contains(department))
        {
            throw AdminErrors.Error(AdminErrors.PurposeNotAllowed, $"The department '{department}' may not state the purpose '{purpose}'.",
                ("purpose", purpose));
        }

        var never = await db.FieldClassifications.AsNoTracking().Where(c => known.Contains(c.Field) && c.Class == FieldClass.Never)
            .Select(c => c.Field).ToListAsync(cancellationToken);
        if (never.Count > 0)
        {
            throw AdminErrors.Error(AdminErrors.FieldNeverExposed, $"{string.Join(", ", never)} cannot be requested: never exposed.", ("fields", never));
        }

        var request = new AccessRequest
        {
            DepartmentCode = department,
            Fields = string.Join(",", known),
            PurposeCode = purpose,
            Justification = justification.Trim(),
            RequestedBy = requestedBy,
            RequestedAt = Now,
            Status = AccessRequestStatus.Pending,
        };
        db.AccessRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        AdminChangeLog.Record(db, new ChangeAuthor(department, request.Justification), "requestAccess", $"request/{request.Id}", null,
            AdminChangeLog.Snapshot(request), request.RequestedAt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public async Task<AccessRequest> ApproveAsync(
        int id, int version, string legalBasis, DateTime? validFrom, DateTime? validTo, ChangeAuthor author, CancellationToken cancellationToken)
    {
        RequireLegalBasis(legalBasis);
        return await access.ApproveRequestAsync(id, version, legalBasis.Trim(), validFrom ?? Now, validTo, author, cancellationToken);
    }

    public async Task<AccessRequest> RejectAsync(int id, int version, ChangeAuthor author, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(author.Reason))
        {
            throw AdminErrors.Error(AdminErrors.ReasonRequired, "Say why the request is rejected: the department sees the reason.");
        }

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await AccessAdministration.PendingRequestAsync(db, id, version, cancellationToken);
        var before = AdminChangeLog.Snapshot(request);
        request.Status = AccessRequestStatus.Rejected;
        request.DecidedBy = author.Actor;
        request.DecidedAt = Now;
        request.DecisionReason = author.Reason.Trim();
        request.Version++;
        AdminChangeLog.Record(db, author, "rejectAccessRequest", $"request/{id}", before, AdminChangeLog.Snapshot(request), request.DecidedAt.Value);
        await AccessAdministration.SaveOrConflictAsync(db, $"Access request {id}", version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public static string RequirePersonalId(string personalId) => PersonalId.TryParse(personalId, out var id, out var problem)
        ? id.ToString()
        : throw AdminErrors.Error(Hub.GraphQL.ErrorCodes.InvalidPersonalId, $"The personal ID is malformed: {problem}");

    private static void RequireLegalBasis(string legalBasis)
    {
        if (string.IsNullOrWhiteSpace(legalBasis))
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument, "A grant needs its legal basis (the law or decree that allows it).");
        }

        AdminLimits.Text(legalBasis, "legalBasis");
    }

    private static bool IsCode(string code) => code.Length is > 0 and <= 64 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private const int MaxRequestsPerMinute = 1_000_000;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
