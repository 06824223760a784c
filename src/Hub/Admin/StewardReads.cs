using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Admin;

/// <summary>
/// What stewards read from the registry, in one place for the admin API's resolvers and the steward console's pages:
/// the same filters and the same order, whichever surface asks. Who may ask is decided by the caller's surface
/// (the admin fields' audience, the console's steward sign-in); changes go through <see cref="Governance"/>.
/// </summary>
public sealed class StewardReads(IDbContextFactory<RegistryDbContext> registry)
{
    /// <summary>Every department, active or not, by code.</summary>
    public async Task<List<Department>> DepartmentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
    }

    /// <summary>Every purpose with its legal basis, by code.</summary>
    public async Task<List<Purpose>> PurposesAsync(CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.Purposes.AsNoTracking().OrderBy(p => p.Code).ToListAsync(cancellationToken);
    }

    /// <summary>The class of every field (optionally of one class), by field name.</summary>
    public async Task<List<FieldClassification>> ClassificationsAsync(FieldClass? only, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var rows = await db.FieldClassifications.AsNoTracking().Where(f => only == null || f.Class == only).ToListAsync(cancellationToken);
        return rows.OrderBy(f => f.Field, StringComparer.Ordinal).ToList();
    }

    /// <summary>Grants, newest first, with their versions; revoked ones only with <paramref name="includeRevoked"/>.</summary>
    public Task<List<GrantView>> GrantsAsync(
        string? department, string? field, string? purpose, bool includeRevoked, CancellationToken cancellationToken) =>
        GrantsAsync(q => q
            .Where(g => (department == null || g.DepartmentCode == department) && (field == null || g.Field == field)
                && (purpose == null || g.PurposeCode == purpose) && (includeRevoked || g.RevokedAt == null))
            .OrderByDescending(g => g.Id), cancellationToken);

    /// <summary>One grant, revoked or not, with its version; null when there is none.</summary>
    public async Task<GrantView?> GrantAsync(int id, CancellationToken cancellationToken) =>
        (await GrantsAsync(q => q.Where(g => g.Id == id), cancellationToken)).FirstOrDefault();

    /// <summary>A citizen's consent records, newest first. The personal ID must be well formed (<c>INVALID_PERSONAL_ID</c>).</summary>
    public async Task<List<ConsentRecord>> ConsentsAsync(string personalId, CancellationToken cancellationToken)
    {
        var id = Governance.RequirePersonalId(personalId);
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.ConsentRecords.AsNoTracking().Where(r => r.CitizenPersonalId == id).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Access requests, oldest first, optionally in one state or of one department.</summary>
    public async Task<List<AccessRequest>> AccessRequestsAsync(AccessRequestStatus? status, string? department, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.AccessRequests.AsNoTracking()
            .Where(r => (status == null || r.Status == status) && (department == null || r.DepartmentCode == department))
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A department's own access requests, newest first.</summary>
    public async Task<List<AccessRequest>> OwnAccessRequestsAsync(string department, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.AccessRequests.AsNoTracking().Where(r => r.DepartmentCode == department).OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The record of changes, newest first; at most <paramref name="first"/> (1 to 1000).</summary>
    public async Task<List<AdminChange>> ChangesAsync(string? target, string? actor, string? action, int first, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(first, 1, 1000);
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.AdminChanges.AsNoTracking()
            .Where(x => (target == null || x.Target == target) && (actor == null || x.Actor == actor) && (action == null || x.Action == action))
            .OrderByDescending(x => x.Id).Take(take).ToListAsync(cancellationToken);
    }

    private async Task<List<GrantView>> GrantsAsync(Func<IQueryable<FieldGrant>, IQueryable<FieldGrant>> narrow, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var rows = await narrow(db.FieldGrants.AsNoTracking())
            .Select(g => new { Grant = g, Version = EF.Property<int>(g, RegistryDbContext.GrantVersion) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new GrantView(r.Grant, r.Version)).ToList();
    }
}
