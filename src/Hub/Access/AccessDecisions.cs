using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
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
/// The one place that decides who may read which field, for which purpose and citizen: the operation as planned
/// (<see cref="DecideOperation"/>, before any source is read), each field again as it resolves, consent per citizen,
/// who a root field is for, and what introspection shows. Every surface asks it; no resolver decides on its own.
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

    /// <summary>
    /// Everything that refuses an operation as it will execute: who each root field is for, a citizen's own record,
    /// the purpose, and every field it discloses (selected, filtered, sorted or counted). Empty when it may run.
    /// </summary>
    public IReadOnlyList<AccessRefusal> DecideOperation(HubPrincipal principal, string? purpose, OperationPlan plan)
    {
        var refusals = new List<AccessRefusal>();
        foreach (var root in plan.Roots.Where(r => !r.IsIntrospection))
        {
            if (RefuseRoot(principal, root, plan) is { } refusal)
            {
                refusals.Add(refusal);
            }
        }

        if (refusals.Count > 0)
        {
            return refusals;
        }

        if (principal.Kind == PrincipalKind.Department && Policy.IsAggregateOnly(principal.DepartmentCode!)
            && plan.Reads.FirstOrDefault(r => r.Kind != ReadKind.Aggregated) is { } record)
        {
            // The operations centre gets counts and sums, never a record: not even the baseline, nor a key that exists.
            return [new AccessRefusal(ErrorCodes.AggregateOnly,
                $"The department '{principal.DisplayName}' reads statistics only (statistics {{ ... }}), never records such as '{record.Field}'.",
                record.At, record.Field)];
        }

        if (principal.Kind == PrincipalKind.Department && plan.Reads.Count > 0 && RefusePurpose(principal, purpose) is { } purposeRefusal)
        {
            return [purposeRefusal with { At = plan.Reads[0].At }];
        }

        var refused = new HashSet<(string Field, int Position)>();
        foreach (var read in plan.Reads)
        {
            var decision = Decide(principal, purpose, read.Field);
            if (decision == Decision.AllowedWithConsent && read.Kind is ReadKind.Filtered or ReadKind.Sorted)
            {
                // Filtering or sorting by a consent field would tell which citizens have a value, consent or not.
                refusals.Add(new AccessRefusal(ErrorCodes.FieldNotGranted,
                    $"'{read.Field}' needs each citizen's consent, so it cannot be used in '{(read.Kind == ReadKind.Filtered ? "where" : "order")}'.",
                    read.At, read.Field));
            }
            else if (decision is Decision.NotGranted or Decision.Never && refused.Add((read.Field, read.At.Node.Location.Start)))
            {
                refusals.Add(NotGranted(principal, purpose, read.Field, read.At));
            }
        }

        return refusals;
    }

    /// <summary>The refusal of one field, as the plan and a resolver (a grant lapsed mid-request) both give it.</summary>
    public static AccessRefusal NotGranted(HubPrincipal principal, string? purpose, string field, PlannedField? at) =>
        new(ErrorCodes.FieldNotGranted,
            $"The department '{principal.DisplayName}' has no grant to read '{field}' for the purpose '{purpose}'. " +
            "Ask for access (requestAccess) or leave the field out.", at, field);

    /// <summary>A department states a registered purpose that it may state; null when it does.</summary>
    public AccessRefusal? RefusePurpose(HubPrincipal principal, string? purpose)
    {
        var purposes = Policy.Purposes;
        if (string.IsNullOrWhiteSpace(purpose))
        {
            return new AccessRefusal(ErrorCodes.PurposeRequired,
                "State the purpose of this query in the 'X-Purpose' header or the request's extensions.purpose " +
                $"({string.Join(", ", purposes.Keys.Order(StringComparer.Ordinal))}).");
        }

        if (!purposes.TryGetValue(purpose, out var known))
        {
            return new AccessRefusal(ErrorCodes.UnknownPurpose, $"'{Bounded(purpose)}' is not a registered purpose.");
        }

        return known.DepartmentCodes.Contains(principal.DepartmentCode!) ? null
            : new AccessRefusal(ErrorCodes.PurposeNotAllowed, $"The department '{principal.DepartmentCode}' may not state the purpose '{known.Code}'.");
    }

    private static AccessRefusal? RefuseRoot(HubPrincipal principal, PlannedField root, OperationPlan plan)
    {
        var audience = root.Definition.GetMetadata<string>(Audiences.Metadata);
        if (audience == Audiences.Steward && principal.Kind != PrincipalKind.Steward)
        {
            return new AccessRefusal(ErrorCodes.StewardOnly, $"'{root.Name}' is for data stewards.", root);
        }

        if (audience == Audiences.Department && principal.Kind != PrincipalKind.Department)
        {
            return new AccessRefusal(ErrorCodes.DepartmentOnly, $"'{root.Name}' is for a department's own token.", root);
        }

        if (audience == Audiences.StewardOrDepartment && principal.Kind is not (PrincipalKind.Steward or PrincipalKind.Department))
        {
            return new AccessRefusal(ErrorCodes.DepartmentOnly, $"'{root.Name}' is for data stewards and departments.", root);
        }

        if (audience == Audiences.Citizen)
        {
            if (principal.Kind != PrincipalKind.Citizen)
            {
                return new AccessRefusal(ErrorCodes.CitizenOnly, $"'{root.Name}' is for citizen tokens; stewards use the audit log.", root);
            }

            // The electronic-ID level a change needs (consent: level 2 by default, CitizenId:ConsentLevel), declared on the field.
            return root.Definition.GetMetadata<int?>(Audiences.LevelMetadata) is { } level && (principal.Level ?? 0) < level
                ? new AccessRefusal(ErrorCodes.ElectronicIdLevelTooLow,
                    $"'{root.Name}' needs a level {level} electronic identity; you signed in at level {principal.Level}. Sign in again at level {level}.", root)
                : null;
        }

        if (principal.Kind != PrincipalKind.Citizen)
        {
            return null;
        }

        // A citizen reaches data only through the lookup of their own record (the entity they are).
        var key = plan.Reads.FirstOrDefault(r => r.At == root && r.Kind == ReadKind.Counted)?.Field.Split('.');
        return key is ["Citizen", var keyField] && root.Argument(keyField) as string == principal.PersonalId ? null
            : new AccessRefusal(ErrorCodes.OwnRecordOnly, "A citizen token reads only its own record: citizen(personalId: <your personal ID>).", root);
    }

    /// <summary>
    /// Whose data-quality findings a caller reads (<paramref name="owner"/>: one department's, null: every department's).
    /// A department reads only the findings it must fix, whatever it asks for; asking for another's is refused. A steward
    /// reads any department's, or all.
    /// </summary>
    public static AccessRefusal? DecideQualityFindings(HubPrincipal principal, string? requested, out string? owner)
    {
        owner = null;
        switch (principal.Kind)
        {
            case PrincipalKind.Steward:
                owner = requested;
                return null;
            case PrincipalKind.Department when requested is null || requested == principal.DepartmentCode:
                owner = principal.DepartmentCode;
                return null;
            case PrincipalKind.Department:
                return new AccessRefusal("DEPARTMENT_ONLY", $"A department reads only its own data-quality findings ('{principal.DepartmentCode}').");
            default:
                return new AccessRefusal("STEWARD_ONLY", "Data-quality findings are for data stewards and departments.");
        }
    }

    /// <summary>A citizen's record: a citizen token reads only its own; every other caller was decided on the fields.</summary>
    public static bool MayReadRecordOf(HubPrincipal principal, string personalId) =>
        principal.Kind != PrincipalKind.Citizen || personalId == principal.PersonalId;

    /// <summary>
    /// Another entity (a land right, a marriage, a registration): a citizen token reads it when it was reached from
    /// their own record, or when it carries their personal ID — never a co-owner's right or a relative's record.
    /// </summary>
    public static bool MayReadObjectAbout(HubPrincipal principal, bool carriesCitizens, IReadOnlyList<string> citizens, bool reachedFromOwnRecord) =>
        principal.Kind != PrincipalKind.Citizen || reachedFromOwnRecord || !carriesCitizens || citizens.Contains(principal.PersonalId!);

    /// <summary>A consent-required field, for the citizen it is about: a department needs that citizen's live consent.</summary>
    public static bool HasConsent(HubPrincipal principal, IReadOnlySet<string>? consentedFields, string field) =>
        principal.Kind != PrincipalKind.Department || consentedFields?.Contains(field) == true;

    /// <summary>Whether a field shows in the caller's introspection: readable for at least one purpose, and for this kind of caller.</summary>
    public bool IsVisible(HubPrincipal principal, string field, string? audience) => audience switch
    {
        Audiences.Steward => principal.Kind == PrincipalKind.Steward,
        Audiences.Department => principal.Kind == PrincipalKind.Department,
        Audiences.StewardOrDepartment => principal.Kind is PrincipalKind.Steward or PrincipalKind.Department,
        Audiences.Citizen => principal.Kind == PrincipalKind.Citizen,
        _ => IsVisible(principal, field),
    };

    private static string Bounded(string text) => text.Length <= 64 ? text : text[..64] + "…";

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
            return policy.IsAggregateOnly(principal.DepartmentCode!) ? Decision.NotGranted : Decision.Allowed;
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
            || (fieldClass == FieldClass.Baseline && !policy.IsAggregateOnly(principal.DepartmentCode!))
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

    /// <summary>
    /// May this caller publish a life event of this kind? Only a department the registry names as its publisher;
    /// null when it may.
    /// </summary>
    public AccessRefusal? RefusePublish(HubPrincipal principal, string kind)
    {
        if (!Policy.EventKinds.TryGetValue(kind, out var known))
        {
            return new AccessRefusal(GraphQL.ErrorCodes.UnknownEventKind,
                $"'{Bounded(kind)}' is not a registered kind of life event ({string.Join(", ", Policy.EventKinds.Keys.Order(StringComparer.Ordinal))}).");
        }

        return principal.Kind == PrincipalKind.Department && known.PublisherCodes.Contains(principal.DepartmentCode!) ? null
            : new AccessRefusal(GraphQL.ErrorCodes.EventNotAllowed, $"'{principal.DisplayName}' may not publish '{known.Code}'; ask a data steward.");
    }

    /// <summary>
    /// The kinds of life events this caller receives for this purpose, narrowed to <paramref name="requested"/> when
    /// given: a steward every kind; a department the kinds the registry lets it receive for its stated purpose (which
    /// it must be allowed to state). A requested kind it may not receive refuses the whole subscription.
    /// </summary>
    public (IReadOnlySet<string> Kinds, AccessRefusal? Refusal) ReceivableKinds(HubPrincipal principal, string? purpose, IReadOnlyCollection<string>? requested)
    {
        var policy = Policy;
        IReadOnlySet<string> allowed;
        if (principal.Kind == PrincipalKind.Steward)
        {
            allowed = policy.EventKinds.Keys.ToHashSet(StringComparer.Ordinal);
        }
        else if (principal.Kind != PrincipalKind.Department)
        {
            return (new HashSet<string>(), new AccessRefusal("DEPARTMENT_ONLY", "Life events are for departments and data stewards."));
        }
        else if (RefusePurpose(principal, purpose) is { } purposeRefusal)
        {
            return (new HashSet<string>(), purposeRefusal);
        }
        else
        {
            allowed = policy.ReceivableKinds(principal.DepartmentCode!, purpose!);
        }

        if (requested is null or { Count: 0 })
        {
            return allowed.Count > 0 ? (allowed, null)
                : (allowed, new AccessRefusal(GraphQL.ErrorCodes.EventNotAllowed, $"'{principal.DisplayName}' receives no kind of life event for the purpose '{purpose}'."));
        }

        var refused = requested.Where(k => !allowed.Contains(k)).ToList();
        return refused.Count == 0 ? (requested.ToHashSet(StringComparer.Ordinal), null)
            : (allowed, new AccessRefusal(GraphQL.ErrorCodes.EventNotAllowed,
                $"'{principal.DisplayName}' may not receive {string.Join(", ", refused.Select(k => $"'{Bounded(k)}'"))} for the purpose '{purpose}'."));
    }

    private AccessPolicy Load()
    {
        using var db = registry.CreateDbContext();
        var classes = db.FieldClassifications.AsNoTracking().ToDictionary(c => c.Field, c => c.Class);
        var purposes = db.Purposes.AsNoTracking().ToDictionary(p => p.Code);
        var grants = db.FieldGrants.AsNoTracking().Where(g => g.RevokedAt == null).ToList();
        var departments = db.Departments.AsNoTracking().ToList();
        var eventKinds = db.EventKinds.AsNoTracking().ToList();
        var eventReceivers = db.EventReceivers.AsNoTracking().Where(r => r.RevokedAt == null).ToList();
        return new AccessPolicy(classes, purposes, grants, departments, eventKinds, eventReceivers);
    }
}
