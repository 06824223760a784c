using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Access;

/// <summary>The answer to "may this caller read this field for this purpose?".</summary>
public enum Decision
{
    Allowed,

    /// <summary>Allowed for citizens who gave live consent; the field is null for the others.</summary>
    AllowedWithConsent,

    NotGranted,

    Never,
}

/// <summary>
/// The one place that decides who may read which field, for which purpose and citizen. The pre-execution check,
/// the consent check during execution and the introspection filter all ask it; no resolver decides on its own.
/// The policy snapshot (with the departments, so a request needs no registry round trip to know its caller) is
/// cached and dropped whenever the registry changes (<see cref="Invalidate"/>).
/// </summary>
public sealed class AccessDecisions(IDbContextFactory<RegistryDbContext> registry, TimeProvider clock)
{
    private readonly Lock _loading = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _pendingEchoes = new();
    private volatile AccessPolicy? _policy;
    private long _version;

    /// <summary>
    /// The cached policy. Reading it takes no lock (it is asked once per field of every request); only a reload does,
    /// and a reload that raced with a change is not kept, so a dropped policy never comes back.
    /// </summary>
    public AccessPolicy Policy
    {
        get
        {
            if (_policy is { } cached)
            {
                return cached;
            }

            lock (_loading)
            {
                if (_policy is { } loadedMeanwhile)
                {
                    return loadedMeanwhile;
                }

                var version = Interlocked.Read(ref _version);
                var loaded = Load();
                if (Interlocked.Read(ref _version) == version)
                {
                    _policy = loaded;
                }

                return loaded;
            }
        }
    }

    /// <summary>
    /// Drops the cached policy here, and tells every other hub instance sharing the registry to drop theirs
    /// (PostgreSQL NOTIFY; see <see cref="PolicyChangeListener"/>). Call it after a change is committed.
    /// </summary>
    public void Invalidate()
    {
        InvalidateLocal();
        using var db = registry.CreateDbContext();
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        // Wait (briefly) until our own listener hears the notification back: PostgreSQL delivers it to every
        // listening instance at once, so when a steward's change returns, the other instances have been told too.
        var change = Guid.NewGuid().ToString("N");
        var heard = _pendingEchoes.GetOrAdd(change, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        db.Database.ExecuteSql($"SELECT pg_notify({PolicyChangeListener.Channel}, {change})");
        if (IsListening)
        {
            heard.Task.Wait(TimeSpan.FromSeconds(2));
        }

        _pendingEchoes.TryRemove(change, out _);
    }

    /// <summary>Called by the listener for every notification: drops the cache, and releases a waiting change.</summary>
    internal void Notified(string? change)
    {
        InvalidateLocal();
        if (change is not null && _pendingEchoes.TryGetValue(change, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>Whether this instance hears other instances' changes now (PostgreSQL LISTEN is open).</summary>
    public bool IsListening { get; internal set; }

    /// <summary>Drops this instance's cached policy only.</summary>
    public void InvalidateLocal()
    {
        Interlocked.Increment(ref _version);
        _policy = null;
    }

    /// <summary>May <paramref name="principal"/> read <paramref name="field"/> (<c>Type.field</c>) for <paramref name="purpose"/>?</summary>
    public Decision Decide(HubPrincipal principal, string? purpose, string field)
    {
        var policy = Policy;
        var fieldClass = policy.ClassOf(field);
        if (fieldClass == FieldClass.Never)
        {
            return Decision.Never;
        }

        // Stewards govern and citizens read their own record (the own-record rule is enforced per object).
        if (principal.Kind is PrincipalKind.Steward or PrincipalKind.Citizen)
        {
            return Decision.Allowed;
        }

        if (fieldClass == FieldClass.Baseline)
        {
            return Decision.Allowed;
        }

        if (purpose is null || !policy.HasLiveGrant(principal.DepartmentCode!, purpose, field, clock.GetUtcNow().UtcDateTime))
        {
            return Decision.NotGranted;
        }

        return fieldClass == FieldClass.ConsentRequired ? Decision.AllowedWithConsent : Decision.Allowed;
    }

    /// <summary>Whether the field shows in the caller's introspection: readable for at least one purpose.</summary>
    public bool IsVisible(HubPrincipal principal, string field)
    {
        var policy = Policy;
        var fieldClass = policy.ClassOf(field);
        return fieldClass != FieldClass.Never && (principal.Kind != PrincipalKind.Department
            || fieldClass == FieldClass.Baseline
            || policy.HasLiveGrantForAnyPurpose(principal.DepartmentCode!, field, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>For each citizen, the fields they consent that the department reads for the purpose (one query).</summary>
    public async Task<IReadOnlyDictionary<string, HashSet<string>>> ConsentedFieldsAsync(
        string department, string purpose, IReadOnlyCollection<string> personalIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var records = await db.ConsentRecords.AsNoTracking()
            .Where(c => c.DepartmentCode == department && c.PurposeCode == purpose && personalIds.Contains(c.CitizenPersonalId)
                && c.RevokedAt == null && (c.ExpiresAt == null || c.ExpiresAt > now) && c.GivenAt <= now)
            .ToListAsync(cancellationToken);
        return records.GroupBy(c => c.CitizenPersonalId)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.FieldList).ToHashSet());
    }

    private AccessPolicy Load()
    {
        using var db = registry.CreateDbContext();
        var classes = db.FieldClassifications.AsNoTracking().ToDictionary(c => c.Field, c => c.Class);
        var purposes = db.Purposes.AsNoTracking().ToDictionary(p => p.Code);
        var grants = db.FieldGrants.AsNoTracking().Where(g => g.RevokedAt == null).ToList();
        var departments = db.Departments.AsNoTracking().ToList();
        return new AccessPolicy(classes, purposes, grants, departments);
    }
}
