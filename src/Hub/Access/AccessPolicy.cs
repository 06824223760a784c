namespace DataHub.Hub.Access;

/// <summary>
/// An immutable snapshot of the registry's policy (classification, purposes, live grants), built in one read and
/// shared by every request until the registry changes.
/// </summary>
public sealed class AccessPolicy(
    IReadOnlyDictionary<string, FieldClass> classes,
    IReadOnlyDictionary<string, Purpose> purposes,
    IReadOnlyList<FieldGrant> grants,
    IReadOnlyList<Identity.Department> departments,
    IReadOnlyList<Events.EventKind>? eventKinds = null,
    IReadOnlyList<Events.EventReceiver>? eventReceivers = null)
{
    /// <summary>Kinds of life events by code, with who may publish each.</summary>
    public IReadOnlyDictionary<string, Events.EventKind> EventKinds { get; } =
        (eventKinds ?? []).ToDictionary(k => k.Code, StringComparer.Ordinal);

    private readonly ILookup<(string Department, string Purpose), string> _receivable =
        (eventReceivers ?? []).Where(r => r.RevokedAt is null).ToLookup(r => (r.DepartmentCode, r.PurposeCode), r => r.Kind);

    /// <summary>The kinds of life events a department may receive for a purpose.</summary>
    public IReadOnlySet<string> ReceivableKinds(string department, string purpose) => _receivable[(department, purpose)].ToHashSet(StringComparer.Ordinal);

    // Application ids compare without case (they are GUIDs). Two departments with one id (only a registry changed by
    // hand can have them; the admin API refuses it) resolve neither: refused, never one of them by chance, and the
    // policy still loads for everyone else.
    private readonly Dictionary<string, Identity.Department> _departmentsByApplication = departments
        .Where(d => d.EntraApplicationId is not null)
        .GroupBy(d => d.EntraApplicationId!, StringComparer.OrdinalIgnoreCase)
        .Where(g => g.Count() == 1)
        .ToDictionary(g => g.Key, g => g.Single(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The department whose app has this application (client) id, if any.</summary>
    public Identity.Department? DepartmentOfApplication(string applicationId) => _departmentsByApplication.GetValueOrDefault(applicationId);

    private readonly Dictionary<string, Identity.Department> _departmentsByCode = departments.ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>Whether the department reads figures only (<see cref="Identity.Department.AggregateOnly"/>).</summary>
    public bool IsAggregateOnly(string code) => Department(code)?.AggregateOnly == true;

    /// <summary>A department by its code, if registered.</summary>
    public Identity.Department? Department(string code) => _departmentsByCode.GetValueOrDefault(code);

    private readonly ILookup<(string Department, string Purpose), FieldGrant> _grants =
        grants.ToLookup(g => (g.DepartmentCode, g.PurposeCode));

    public IReadOnlyDictionary<string, Purpose> Purposes { get; } = purposes;

    /// <summary>A field's class; a field nobody classified is restricted until a steward decides.</summary>
    public FieldClass ClassOf(string field) => classes.TryGetValue(field, out var c) ? c : FieldClass.Restricted;

    /// <summary>Every field of one class, in name order (e.g. what a citizen may consent to).</summary>
    public IEnumerable<string> FieldsOfClass(FieldClass fieldClass) =>
        classes.Where(kv => kv.Value == fieldClass).Select(kv => kv.Key).Order(StringComparer.Ordinal);

    public bool HasLiveGrant(string department, string purpose, string field, DateTime now) =>
        _grants[(department, purpose)].Any(g => g.Field == field && g.IsLiveAt(now));

    /// <summary>Fields a department may read for at least one purpose (what introspection shows it).</summary>
    public bool HasLiveGrantForAnyPurpose(string department, string field, DateTime now) =>
        Purposes.Values.Any(p => p.DepartmentCodes.Contains(department) && HasLiveGrant(department, p.Code, field, now));
}
