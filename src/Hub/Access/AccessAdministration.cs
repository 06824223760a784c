using DataHub.Hub.Admin;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Access;

/// <summary>
/// Changes to grants and consents. Every change goes through here so the cached decisions are dropped at once:
/// a grant revoked or a consent withdrawn applies to the very next request.
/// </summary>
public sealed class AccessAdministration(IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, TimeProvider clock)
{
    // Governance (issue #7): the admin API and the steward console change the policy only through the methods
    // below. Each checks its input against the registry inside one transaction, records who changed what (before,
    // after, reason) as an AdminChange in that same transaction, and drops the cached decisions. A refused change
    // changes nothing. Grants carry a version (a shadow column) so the second of two concurrent edits gets CONFLICT.

    /// <summary>Grants a department one grant per field for a purpose; fields must already be known to exist.</summary>
    public async Task<IReadOnlyList<FieldGrant>> GrantFieldsAsync(
        string department, IReadOnlyCollection<string> fields, string purpose, string legalBasis, DateTime validFrom, DateTime? validTo,
        ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireDepartmentMayStateAsync(db, department, purpose, cancellationToken);
        RequireValidity(validFrom, validTo);
        var grants = await AddGrantsAsync(db, department, fields, purpose, legalBasis, validFrom, validTo, author, "grant", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return grants;
    }

    /// <summary>Revokes one grant, if it is still at the version the steward saw.</summary>
    public async Task<FieldGrant> RevokeGrantAsync(int id, int expectedVersion, ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        return await ChangeGrantAsync(id, expectedVersion, author, "revokeGrant", grant =>
        {
            if (grant.RevokedAt is not null)
            {
                throw AdminErrors.Error(AdminErrors.GrantRevoked, $"Grant {id} was already revoked at {AdminChangeLog.Time(grant.RevokedAt)}.",
                    ("grant", id));
            }

            grant.RevokedAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken, (db, grant, now) => Documents.DocumentRegistration.MarkDependentsAsync(db, grant, author, now, cancellationToken));
    }

    /// <summary>Sets when one grant starts and ends (an end in the past expires it).</summary>
    public async Task<FieldGrant> SetValidityAsync(
        int id, int expectedVersion, DateTime? validFrom, DateTime? validTo, ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        return await ChangeGrantAsync(id, expectedVersion, author, "setGrantValidity", grant =>
        {
            if (grant.RevokedAt is not null)
            {
                throw AdminErrors.Error(AdminErrors.GrantRevoked, $"Grant {id} is revoked; grant the field again instead.", ("grant", id));
            }

            var from = validFrom ?? grant.ValidFrom;
            RequireValidity(from, validTo);
            grant.ValidFrom = from;
            grant.ValidTo = validTo;
        }, cancellationToken);
    }

    /// <summary>Moves a field between baseline, restricted, consent-required and never. Never is refused while live grants exist.</summary>
    public async Task<FieldClassification> ClassifyAsync(string field, FieldClass fieldClass, ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(author.Reason))
        {
            throw AdminErrors.Error(AdminErrors.ReasonRequired, $"Say why '{field}' becomes {fieldClass}: the reason is kept with the change.");
        }

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (fieldClass == FieldClass.Never)
        {
            var live = await db.FieldGrants.AsNoTracking()
                .Where(g => g.Field == field && g.RevokedAt == null && (g.ValidTo == null || g.ValidTo > now))
                .OrderBy(g => g.Id).ToListAsync(cancellationToken);
            if (live.Count > 0)
            {
                var list = string.Join(", ", live.Select(g => $"grant {g.Id} ({g.DepartmentCode}, {g.PurposeCode})"));
                throw AdminErrors.Error(AdminErrors.FieldHasGrants,
                    $"'{field}' cannot become never-exposed while it is granted: {list}. Revoke those grants first.",
                    ("field", field), ("grants", live.Select(g => g.Id).ToList()));
            }
        }

        var classification = await db.FieldClassifications.FirstOrDefaultAsync(c => c.Field == field, cancellationToken);
        if (classification?.Class == FieldClass.Never && fieldClass != FieldClass.Never)
        {
            // Never-exposed (biometrics) is the law's line, not a steward's setting: the API may draw it, never lift it.
            throw AdminErrors.Error(AdminErrors.FieldNeverExposed,
                $"'{field}' is never exposed and cannot be reclassified through the admin API; nothing was changed. " +
                "Lifting it needs a change of schema/access-policy.json and a new registry, reviewed outside DataHub.",
                ("field", field), ("class", FieldClass.Never.ToString()));
        }

        var before = classification is null ? null : AdminChangeLog.Snapshot(classification);
        if (classification is null)
        {
            classification = new FieldClassification { Field = field };
            db.FieldClassifications.Add(classification);
        }

        classification.Class = fieldClass;
        classification.Reason = author.Reason!.Trim();
        AdminChangeLog.Record(db, author, "classifyField", "field/" + field, before, AdminChangeLog.Snapshot(classification), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return classification;
    }

    /// <summary>Adds a purpose or changes one (name, legal basis, departments that may state it).</summary>
    public async Task<Purpose> SavePurposeAsync(
        string code, string name, string legalBasis, IReadOnlyCollection<string> departments, bool create, ChangeAuthor author,
        CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var department in departments)
        {
            await RequireDepartmentAsync(db, department, cancellationToken);
        }

        var purpose = await db.Purposes.FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (create && purpose is not null)
        {
            throw AdminErrors.Error(AdminErrors.PurposeExists, $"The purpose '{code}' exists already; use updatePurpose.", ("purpose", code));
        }

        if (!create && purpose is null)
        {
            throw AdminErrors.Error(AdminErrors.UnknownPurpose, $"'{code}' is not a registered purpose.", ("purpose", code));
        }

        var before = purpose is null ? null : AdminChangeLog.Snapshot(purpose);
        if (purpose is null)
        {
            purpose = new Purpose { Code = code, Name = name, LegalBasis = legalBasis, Departments = "" };
            db.Purposes.Add(purpose);
        }

        purpose.Name = name;
        purpose.LegalBasis = legalBasis;
        purpose.Departments = string.Join(",", departments);
        AdminChangeLog.Record(db, author, create ? "addPurpose" : "updatePurpose", "purpose/" + code, before, AdminChangeLog.Snapshot(purpose),
            clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return purpose;
    }

    /// <summary>Records a citizen's consent (e.g. given at a one-stop desk).</summary>
    public async Task<ConsentRecord> RecordConsentAsync(
        string personalId, string department, string purpose, IReadOnlyCollection<string> fields, DateTime? expiresAt, ChangeAuthor author,
        CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireDepartmentMayStateAsync(db, department, purpose, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAt is { } end && end <= now)
        {
            throw AdminErrors.Error(AdminErrors.InvalidValidity, $"The consent would expire ({AdminChangeLog.Time(end)}) before it is given.");
        }

        var consent = new ConsentRecord
        {
            CitizenPersonalId = personalId,
            DepartmentCode = department,
            PurposeCode = purpose,
            Fields = string.Join(",", fields),
            GivenAt = now,
            ExpiresAt = expiresAt,
            GivenBy = author.Actor,
        };
        db.ConsentRecords.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
        // The personal ID stays in the consent row only: the change record names the consent, not the citizen.
        AdminChangeLog.Record(db, author, "recordConsent", $"consent/{consent.Id}", null, AdminChangeLog.Snapshot(consent), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return consent;
    }

    /// <summary>
    /// Withdraws one consent record. With <paramref name="ofCitizen"/> (a citizen or their representative withdrawing),
    /// only that citizen's own consent: anyone else's is answered as if it did not exist.
    /// </summary>
    public Task<ConsentRecord> RevokeConsentAsync(int id, ChangeAuthor author, CancellationToken cancellationToken = default) =>
        RevokeConsentAsync(id, null, author, cancellationToken);

    /// <inheritdoc cref="RevokeConsentAsync(int, ChangeAuthor, CancellationToken)"/>
    public async Task<ConsentRecord> RevokeConsentAsync(int id, string? ofCitizen, ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consent = await db.ConsentRecords.FirstOrDefaultAsync(c => c.Id == id && (ofCitizen == null || c.CitizenPersonalId == ofCitizen), cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownConsent, $"There is no consent record {id}.", ("consent", id));
        if (consent.RevokedAt is not null)
        {
            throw AdminErrors.Error(AdminErrors.ConsentRevoked, $"Consent {id} was already revoked.", ("consent", id));
        }

        var before = AdminChangeLog.Snapshot(consent);
        consent.RevokedAt = clock.GetUtcNow().UtcDateTime;
        consent.RevokedBy = author.Actor;
        AdminChangeLog.Record(db, author, "revokeConsent", $"consent/{id}", before, AdminChangeLog.Snapshot(consent), consent.RevokedAt.Value);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return consent;
    }

    /// <summary>
    /// A citizen (or their representative) answers a department's pending request for consent: approving records the
    /// consent it asked for in the one consent store, in the same transaction; declining records the answer only.
    /// A request that is not this citizen's is answered as if it did not exist.
    /// </summary>
    public async Task<ConsentRequest> AnswerConsentRequestAsync(
        int id, string ofCitizen, bool approve, ChangeAuthor author, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.ConsentRequests.FirstOrDefaultAsync(r => r.Id == id && r.CitizenPersonalId == ofCitizen, cancellationToken)
            ?? throw new GraphQL.DataHubError(GraphQL.ErrorCodes.UnknownConsentRequest, $"There is no request for your consent numbered {id}.");
        if (request.Status != ConsentRequest.Pending)
        {
            throw new GraphQL.DataHubError(GraphQL.ErrorCodes.ConsentRequestAnswered, $"Request {id} was already {request.Status}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { status = request.Status };
        if (approve)
        {
            if (request.Until <= now)
            {
                throw AdminErrors.Error(AdminErrors.InvalidValidity, $"Request {id} asked for consent until {AdminChangeLog.Time(request.Until)}, which has passed.");
            }

            var consent = new ConsentRecord
            {
                CitizenPersonalId = request.CitizenPersonalId,
                DepartmentCode = request.DepartmentCode,
                PurposeCode = request.PurposeCode,
                Fields = request.Fields,
                GivenAt = now,
                ExpiresAt = request.Until,
                GivenBy = author.Actor,
            };
            db.ConsentRecords.Add(consent);
            await db.SaveChangesAsync(cancellationToken);
            request.ConsentId = consent.Id;
            AdminChangeLog.Record(db, author, "recordConsent", $"consent/{consent.Id}", null, AdminChangeLog.Snapshot(consent), now);
        }

        request.Status = approve ? ConsentRequest.Approved : ConsentRequest.Declined;
        request.AnsweredAt = now;
        request.AnsweredBy = author.Actor;
        AdminChangeLog.Record(db, author, approve ? "approveConsentRequest" : "declineConsentRequest", $"consent-request/{id}", before,
            new { status = request.Status, consent = request.ConsentId }, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return request;
    }

    /// <summary>Approves a pending access request at the version the steward saw: creates its grants.</summary>
    public async Task<AccessRequest> ApproveRequestAsync(
        int id, int expectedVersion, string legalBasis, DateTime validFrom, DateTime? validTo, ChangeAuthor author,
        CancellationToken cancellationToken = default)
    {
        RequireValidity(validFrom, validTo);
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await PendingRequestAsync(db, id, expectedVersion, cancellationToken);
        await RequireDepartmentMayStateAsync(db, request.DepartmentCode, request.PurposeCode, cancellationToken);
        var before = AdminChangeLog.Snapshot(request);
        var grants = await AddGrantsAsync(db, request.DepartmentCode, request.FieldList.ToList(), request.PurposeCode, legalBasis,
            validFrom, validTo, author with { Reason = author.Reason ?? $"access request {id}" }, "grant", cancellationToken);
        request.Status = AccessRequestStatus.Approved;
        request.DecidedBy = author.Actor;
        request.DecidedAt = clock.GetUtcNow().UtcDateTime;
        request.DecisionReason = author.Reason;
        request.LegalBasis = legalBasis;
        request.ValidFrom = validFrom;
        request.ValidTo = validTo;
        request.GrantIds = string.Join(",", grants.Select(g => g.Id));
        request.Version++;
        AdminChangeLog.Record(db, author, "approveAccessRequest", $"request/{id}", before, AdminChangeLog.Snapshot(request), request.DecidedAt.Value);
        await SaveOrConflictAsync(db, $"Access request {id}", expectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return request;
    }

    private async Task<FieldGrant> ChangeGrantAsync(
        int id, int expectedVersion, ChangeAuthor author, string action, Action<FieldGrant> change, CancellationToken cancellationToken,
        Func<RegistryDbContext, FieldGrant, DateTime, Task>? alongside = null)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var grant = await db.FieldGrants.FirstOrDefaultAsync(g => g.Id == id, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownGrant, $"There is no grant {id}.", ("grant", id));
        var version = db.Entry(grant).Property<int>(RegistryDbContext.GrantVersion);
        if (version.CurrentValue != expectedVersion)
        {
            throw AdminErrors.VersionConflict($"Grant {id}", expectedVersion, version.CurrentValue);
        }

        var before = AdminChangeLog.Snapshot(grant, version.CurrentValue);
        change(grant);
        version.CurrentValue = expectedVersion + 1;
        AdminChangeLog.Record(db, author, action, $"grant/{id}", before, AdminChangeLog.Snapshot(grant, version.CurrentValue),
            clock.GetUtcNow().UtcDateTime);
        if (alongside is not null)
        {
            // In the same transaction: e.g. the registered documents that needed a revoked grant are marked with it.
            await alongside(db, grant, clock.GetUtcNow().UtcDateTime);
        }

        await SaveOrConflictAsync(db, $"Grant {id}", expectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return grant;
    }

    private async Task<List<FieldGrant>> AddGrantsAsync(
        RegistryDbContext db, string department, IReadOnlyCollection<string> fields, string purpose, string legalBasis,
        DateTime validFrom, DateTime? validTo, ChangeAuthor author, string action, CancellationToken cancellationToken)
    {
        var never = await db.FieldClassifications.AsNoTracking()
            .Where(c => fields.Contains(c.Field) && c.Class == FieldClass.Never).Select(c => c.Field).ToListAsync(cancellationToken);
        if (never.Count > 0)
        {
            throw AdminErrors.Error(AdminErrors.FieldNeverExposed,
                $"{string.Join(", ", never)} {(never.Count == 1 ? "is" : "are")} never exposed and cannot be granted.", ("fields", never));
        }

        var grants = fields.Distinct().Select(field => new FieldGrant
        {
            DepartmentCode = department,
            Field = field,
            PurposeCode = purpose,
            LegalBasis = legalBasis,
            ValidFrom = validFrom,
            ValidTo = validTo,
            GrantedBy = author.Actor,
        }).ToList();
        db.FieldGrants.AddRange(grants);
        await db.SaveChangesAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var grant in grants)
        {
            AdminChangeLog.Record(db, author, action, $"grant/{grant.Id}", null, AdminChangeLog.Snapshot(grant, 0), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return grants;
    }

    internal static async Task<AccessRequest> PendingRequestAsync(RegistryDbContext db, int id, int expectedVersion, CancellationToken cancellationToken)
    {
        var request = await db.AccessRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownRequest, $"There is no access request {id}.", ("request", id));
        if (request.Status != AccessRequestStatus.Pending)
        {
            throw AdminErrors.Error(AdminErrors.RequestDecided,
                $"Access request {id} was already {request.Status.ToString().ToLowerInvariant()} by {request.DecidedBy} at " +
                $"{AdminChangeLog.Time(request.DecidedAt)}; it cannot be decided again.", ("request", id), ("status", request.Status.ToString()));
        }

        return request.Version == expectedVersion ? request : throw AdminErrors.VersionConflict($"Access request {id}", expectedVersion, request.Version);
    }

    /// <summary>Saves; a row another edit changed since it was read (its version moved) is a conflict, and nothing is saved.</summary>
    internal static async Task SaveOrConflictAsync(RegistryDbContext db, string what, int expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw AdminErrors.Error(AdminErrors.Conflict,
                $"{what} was changed by someone else at the same time (you had version {expectedVersion}). Reload it and decide again; nothing was changed.",
                ("expectedVersion", expectedVersion));
        }
    }

    internal static async Task RequireDepartmentAsync(RegistryDbContext db, string department, CancellationToken cancellationToken)
    {
        if (!await db.Departments.AnyAsync(d => d.Code == department, cancellationToken))
        {
            throw AdminErrors.Error(AdminErrors.UnknownDepartment, $"'{department}' is not a registered department.", ("department", department));
        }
    }

    internal static async Task RequireDepartmentMayStateAsync(RegistryDbContext db, string department, string purpose, CancellationToken cancellationToken)
    {
        await RequireDepartmentAsync(db, department, cancellationToken);
        var registered = await db.Purposes.AsNoTracking().FirstOrDefaultAsync(p => p.Code == purpose, cancellationToken)
            ?? throw AdminErrors.Error(AdminErrors.UnknownPurpose, $"'{purpose}' is not a registered purpose.", ("purpose", purpose));
        if (!registered.DepartmentCodes.Contains(department))
        {
            throw AdminErrors.Error(AdminErrors.PurposeNotAllowed,
                $"The department '{department}' may not state the purpose '{purpose}'; add it to the purpose first (updatePurpose).",
                ("department", department), ("purpose", purpose));
        }
    }

    internal static void RequireValidity(DateTime validFrom, DateTime? validTo)
    {
        if (validTo is { } end && end <= validFrom)
        {
            throw AdminErrors.Error(AdminErrors.InvalidValidity,
                $"The validity ends ({AdminChangeLog.Time(end)}) before it starts ({AdminChangeLog.Time(validFrom)}).",
                ("validFrom", AdminChangeLog.Time(validFrom)), ("validTo", AdminChangeLog.Time(end)));
        }
    }
}
