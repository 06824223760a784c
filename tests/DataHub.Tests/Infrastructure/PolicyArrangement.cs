using DataHub.Hub.Access;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Infrastructure;

/// <summary>
/// Arranges the registry for a test: grants and consents written straight to the hub's registry, as seeding does, then
/// the cached decisions dropped. Tests of the governed path (checks, change records, versions) go through the admin API
/// instead; the hub itself changes the policy only through <see cref="AccessAdministration"/>.
/// </summary>
public sealed class PolicyArrangement(IServiceProvider services)
{
    private IDbContextFactory<RegistryDbContext> Registry => services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

    private AccessDecisions Decisions => services.GetRequiredService<AccessDecisions>();

    private TimeProvider Clock => services.GetRequiredService<TimeProvider>();

    public async Task<FieldGrant> GrantAsync(
        string department, string field, string purpose, string legalBasis, DateTime validFrom, DateTime? validTo, string grantedBy,
        CancellationToken cancellationToken = default)
    {
        await using var db = await Registry.CreateDbContextAsync(cancellationToken);
        var grant = new FieldGrant
        {
            DepartmentCode = department,
            Field = field,
            PurposeCode = purpose,
            LegalBasis = legalBasis,
            ValidFrom = validFrom,
            ValidTo = validTo,
            GrantedBy = grantedBy,
        };
        db.FieldGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        Decisions.Invalidate();
        return grant;
    }

    /// <summary>Revokes every live grant of a department for a field and purpose; returns how many.</summary>
    public async Task<int> RevokeGrantsAsync(string department, string field, string purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await Registry.CreateDbContextAsync(cancellationToken);
        var now = Clock.GetUtcNow().UtcDateTime;
        var revoked = await db.FieldGrants
            .Where(g => g.DepartmentCode == department && g.Field == field && g.PurposeCode == purpose && g.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.RevokedAt, now), cancellationToken);
        Decisions.Invalidate();
        return revoked;
    }

    /// <summary>Sets when a department's grants for a field and purpose end (an end in the past expires them).</summary>
    public async Task<int> SetGrantValidityAsync(
        string department, string field, string purpose, DateTime? validTo, CancellationToken cancellationToken = default)
    {
        await using var db = await Registry.CreateDbContextAsync(cancellationToken);
        var changed = await db.FieldGrants
            .Where(g => g.DepartmentCode == department && g.Field == field && g.PurposeCode == purpose && g.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.ValidTo, validTo), cancellationToken);
        Decisions.Invalidate();
        return changed;
    }

    public async Task<ConsentRecord> RecordConsentAsync(
        string personalId, string department, string purpose, IEnumerable<string> fields, DateTime? expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var db = await Registry.CreateDbContextAsync(cancellationToken);
        var consent = new ConsentRecord
        {
            CitizenPersonalId = personalId,
            DepartmentCode = department,
            PurposeCode = purpose,
            Fields = string.Join(",", fields),
            GivenAt = Clock.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        db.ConsentRecords.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
        return consent;
    }

    /// <summary>Withdraws every live consent of a citizen towards a department; returns how many.</summary>
    public async Task<int> RevokeConsentsAsync(string personalId, string department, CancellationToken cancellationToken = default)
    {
        await using var db = await Registry.CreateDbContextAsync(cancellationToken);
        var now = Clock.GetUtcNow().UtcDateTime;
        return await db.ConsentRecords
            .Where(c => c.CitizenPersonalId == personalId && c.DepartmentCode == department && c.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RevokedAt, now), cancellationToken);
    }
}
