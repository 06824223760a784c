using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Access;

/// <summary>
/// Changes to grants and consents. Every change goes through here so the cached decisions are dropped at once:
/// a grant revoked or a consent withdrawn applies to the very next request.
/// </summary>
public sealed class AccessAdministration(IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, TimeProvider clock)
{
    public async Task<FieldGrant> GrantAsync(
        string department, string field, string purpose, string legalBasis, DateTime validFrom, DateTime? validTo, string grantedBy,
        CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var grant = new FieldGrant
        {
            DepartmentCode = department, Field = field, PurposeCode = purpose, LegalBasis = legalBasis,
            ValidFrom = validFrom, ValidTo = validTo, GrantedBy = grantedBy,
        };
        db.FieldGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        decisions.Invalidate();
        return grant;
    }

    /// <summary>Revokes every live grant of a department for a field and purpose; returns how many.</summary>
    public async Task<int> RevokeGrantsAsync(string department, string field, string purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.FieldGrants
            .Where(g => g.DepartmentCode == department && g.Field == field && g.PurposeCode == purpose && g.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.RevokedAt, now), cancellationToken);
        decisions.Invalidate();
        return revoked;
    }

    /// <summary>Sets when a department's grants for a field and purpose end (an end in the past expires them).</summary>
    public async Task<int> SetGrantValidityAsync(
        string department, string field, string purpose, DateTime? validTo, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var changed = await db.FieldGrants
            .Where(g => g.DepartmentCode == department && g.Field == field && g.PurposeCode == purpose && g.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.ValidTo, validTo), cancellationToken);
        decisions.Invalidate();
        return changed;
    }

    public async Task<ConsentRecord> RecordConsentAsync(
        string personalId, string department, string purpose, IEnumerable<string> fields, DateTime? expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var consent = new ConsentRecord
        {
            CitizenPersonalId = personalId, DepartmentCode = department, PurposeCode = purpose, Fields = string.Join(",", fields),
            GivenAt = clock.GetUtcNow().UtcDateTime, ExpiresAt = expiresAt,
        };
        db.ConsentRecords.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
        return consent;
    }

    /// <summary>Withdraws every live consent of a citizen towards a department; returns how many.</summary>
    public async Task<int> RevokeConsentsAsync(string personalId, string department, CancellationToken cancellationToken = default)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ConsentRecords
            .Where(c => c.CitizenPersonalId == personalId && c.DepartmentCode == department && c.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RevokedAt, now), cancellationToken);
    }
}
