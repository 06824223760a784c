using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using DataHub.Connectors;
using DataHub.Hub.Access;
using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;

namespace DataHub.Hub.Planning;

/// <summary>
/// The single path every field of the composite schema resolves through. It decides which source owns a
/// field and fetches through batch loaders: one call per source per level of the query, never one per row.
/// </summary>
public sealed class FieldResolution(CompositeSchema composite, SourceGateway gateway, PagingRules paging, AccessDecisions access)
{
    /// <summary><c>citizen(personalId:)</c> and the like: one entity from the source that declares the lookup.</summary>
    public object ResolveLookup(IResolveFieldContext context, CompositeRootField root)
    {
        var type = composite.GetType(root.EntityType);
        var key = KeyFormats.Validate(type.Name, type.KeyField!, context.GetArgument<string>(type.KeyField!));
        var selection = SelectionCollector.FieldNames(context, context.FieldAst.SelectionSet);
        return EntityLoader(context, root.Source, type)
            .Load(key, FieldsFrom(type, selection, root.Source))
            .Then(row => row is null ? null : new EntityObject(type, row.Key, selection).WithRow(root.Source, row));
    }

    /// <summary><c>citizens(where, order, first, after)</c>: one page from the source that declares the connection.</summary>
    public async Task<object?> ResolveConnectionAsync(IResolveFieldContext context, CompositeRootField root)
    {
        var type = composite.GetType(root.EntityType);
        var window = paging.Window(context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
        var where = ConnectionArguments.Filter(Argument(context, "where"));
        var order = ConnectionArguments.Order(Argument(context, "order"));

        var selection = context.FieldAst.SelectionSet;
        var nodeSelection = SelectionCollector.NodeFieldNames(context, selection);
        var wantsTotal = SelectionCollector.Named(context, selection, "totalCount").Any();

        var query = new ListQuery(type.Name, where, order, window.Skip, window.Take,
            FieldsFrom(type, nodeSelection, root.Source), wantsTotal);
        var page = await gateway.ListAsync(Request(context), root.Source, query, context.CancellationToken);
        var nodes = page.Rows.Select(row => new EntityObject(type, row.Key, nodeSelection).WithRow(root.Source, row)).ToList();
        return new ConnectionResult(nodes, window.Skip, page.HasNextPage, page.TotalCount);
    }

    /// <summary>
    /// A field of an entity, after the per-object checks that need the data — all answered by <see cref="AccessDecisions"/>
    /// or by the keys the data carries. What may be asked at all was decided on the plan before execution; here:
    /// the decision again, so a grant that lapsed mid-request refuses the field (never returns it); a citizen reads
    /// only their own record and what it leads to, and any other entity only when it carries their personal ID; a
    /// consent-required field, on any entity type, is null (<c>CONSENT_REQUIRED</c>) unless the citizen it is about
    /// consented — looked up in one batch per level — and fails closed when the object names no single citizen.
    /// </summary>
    public object? ResolveEntityField(IResolveFieldContext context, CompositeField field, string name)
    {
        var entity = (EntityObject)context.Source!;
        var request = Request(context);
        var principal = request.Principal!;
        var isCitizen = entity.Type.Name == CitizenType;
        if (isCitizen && !AccessDecisions.MayReadRecordOf(principal, entity.Key))
        {
            throw new DataHubError(ErrorCodes.OwnRecordOnly, "A citizen token reads only its own record; this is another citizen's.");
        }

        var decision = DecideNow(request, name);
        var value = ResolveEntityValue(context, entity, field);
        var keyFields = CitizenKeyFields(entity.Type);
        var reachedFromRecord = entity.Parent?.Type.Name == CitizenType;
        if (decision == Decision.AllowedWithConsent)
        {
            return isCitizen ? ConsentedCitizenField(request, entity, name, value) : ConsentedField(request, entity, keyFields, reachedFromRecord, name, value);
        }

        // Most values are in a row already: recorded now, with no continuation (a page of 100 objects has thousands of
        // fields). The lambdas live in other methods, so this path allocates no closure.
        if (value is IDataLoaderResult pending)
        {
            return new RecordedOnceLoaded(request, entity, keyFields, reachedFromRecord, pending);
        }

        return isCitizen ? Recorded(request, entity.Key, value) : Recorded(request, Owned(entity, keyFields, reachedFromRecord, principal), value);
    }

    /// <summary>
    /// A value still loading, whose citizens are noted once it arrives (who a row is about is known from the row): one
    /// object per field, where a combined result, two delegates and their closure were made before.
    /// </summary>
    private sealed class RecordedOnceLoaded(
        HubRequestContext request, EntityObject entity, IReadOnlyList<string> keyFields, bool reachedFromRecord, IDataLoaderResult pending)
        : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var resolved = await pending.GetResultAsync(cancellationToken);
            return entity.Type.Name == CitizenType
                ? Recorded(request, entity.Key, resolved)
                : Recorded(request, Owned(entity, keyFields, reachedFromRecord, request.Principal!), resolved);
        }
    }

    // The citizen is known before the value: both loads join their level's batches.
    private IDataLoaderResult<object?> ConsentedCitizenField(HubRequestContext request, EntityObject entity, string name, object? value) =>
        DataLoaderResultExtensions.Combine(ConsentLoader(request).Load(entity.Key, []), value, (consented, resolved) =>
            Consented(consented, name, request) ? Recorded(request, entity.Key, resolved) : throw ConsentRequired(name, request));

    // Whose consent is known once the row is: a second load, chained, still one batch per level.
    private object? ConsentedField(
        HubRequestContext request, EntityObject entity, IReadOnlyList<string> keyFields, bool reachedFromRecord, string name, object? value) =>
        After(value, resolved =>
        {
            var subjects = Owned(entity, keyFields, reachedFromRecord, request.Principal!);
            return subjects.Count != 1
                ? throw ConsentRequired(name, request)
                : ConsentLoader(request).Load(subjects[0], []).Then(consented =>
                    Consented(consented, name, request) ? Recorded(request, subjects, resolved) : throw ConsentRequired(name, request));
        });

    private const string CitizenType = "Citizen";

    /// <summary>
    /// The decision as execution reaches the field (once per field and request, not per row): what the plan allowed
    /// may have lapsed since, and then the field is refused, never returned.
    /// </summary>
    private Decision DecideNow(HubRequestContext request, string name)
    {
        var decision = request.DecisionAtExecution(name, access);
        if (decision is Decision.NotGranted or Decision.Never)
        {
            var refusal = AccessDecisions.NotGranted(request.Principal!, request.Purpose, name, null);
            throw new DataHubError(refusal.Code, refusal.Message + " (The grant changed while the request ran.)");
        }

        return decision;
    }

    /// <summary>The citizens an entity carries, once <see cref="AccessDecisions"/> lets this caller read it.</summary>
    private static IReadOnlyList<string> Owned(EntityObject entity, IReadOnlyList<string> keyFields, bool reachedFromRecord, HubPrincipal principal)
    {
        var subjects = entity.Subjects(keyFields);
        return AccessDecisions.MayReadObjectAbout(principal, keyFields.Count > 0, subjects, reachedFromRecord) ? subjects
            : throw new DataHubError(ErrorCodes.OwnRecordOnly, "A citizen token reads only its own data; this record is another citizen's.");
    }

    private static bool Consented(HashSet<string>? consented, string name, HubRequestContext request) =>
        AccessDecisions.HasConsent(request.Principal!, consented, name);

    private static DataHubError ConsentRequired(string name, HubRequestContext request) =>
        new(ErrorCodes.ConsentRequired, $"'{name}' needs this citizen's consent for '{request.Purpose}'; the rest of the record is returned.");

    private BatchLoader<HashSet<string>> ConsentLoader(HubRequestContext request) =>
        request.Loader<HashSet<string>>("consent", () => (keys, _, ct) =>
            access.ConsentedFieldsAsync(request.Principal!.DepartmentCode!, request.Purpose!, keys, ct));

    /// <summary>A value now, or once its batch arrives.</summary>
    private static object? After(object? value, Func<object?, object?> then) =>
        value is IDataLoaderResult pending ? DataLoaderResultExtensions.Combine(pending, null, (resolved, _) => then(resolved)) : then(value);

    /// <summary>Notes whom a citizen's field was about, once it was read: the audit entry lists these citizens.</summary>
    private static object? Recorded(HubRequestContext request, string citizen, object? value)
    {
        request.RecordCitizen(citizen);
        return value;
    }

    /// <summary>The same for another entity: every citizen it carries.</summary>
    private static object? Recorded(HubRequestContext request, IReadOnlyList<string> citizens, object? value)
    {
        for (var i = 0; i < citizens.Count; i++)
        {
            request.RecordCitizen(citizens[i]);
        }

        return value;
    }

    /// <summary>
    /// The fields of a type that carry a citizen's personal ID: references to <c>Citizen</c>, and ID values named
    /// <c>personalId</c> or <c>…PersonalId</c>. A citizen's own relatives are not what their record is about, so
    /// <c>Citizen</c> itself has none (its key says whose it is).
    /// </summary>
    private IReadOnlyList<string> CitizenKeyFields(CompositeType type) => _citizenKeys[type.Name];

    private readonly FrozenDictionary<string, IReadOnlyList<string>> _citizenKeys =
        composite.Types.Values.ToFrozenDictionary(t => t.Name, t => (IReadOnlyList<string>)(t.Name == CitizenType ? [] :
            t.Fields.Where(f => f.Kind == FieldKind.Reference && f.Type.Name == CitizenType
                || f.Kind == FieldKind.Value && f.Type.Name == "ID" && (f.Name == "personalId" || f.Name.EndsWith("PersonalId", StringComparison.Ordinal)))
                .Select(f => f.Name).ToList()));

    private object? ResolveEntityValue(IResolveFieldContext context, EntityObject entity, CompositeField field)
    {
        if (field.IsKey)
        {
            return entity.Key;
        }

        var owner = field.OwnerSource!;
        if (field.Kind == FieldKind.EntityList)
        {
            return ResolveList(context, entity, field, owner);
        }

        var row = entity.RowFrom(owner);
        if (row is not null)
        {
            return FromRow(context, field, row);
        }

        return Loaded(context, entity, field, owner);
    }

    // Apart from ResolveEntityValue, so that the closure is made only for a value that must be loaded, not for every field.
    private IDataLoaderResult<object?> Loaded(IResolveFieldContext context, EntityObject entity, CompositeField field, string owner) =>
        EntityLoader(context, owner, entity.Type)
            .Load(entity.Key, FieldsFrom(entity.Type, entity.Selection, owner, also: field.Name))
            .Then(loaded => loaded is null ? null : FromRow(context, field, loaded.Key == entity.Key ? Store(entity, owner, loaded) : loaded));

    /// <summary>
    /// A field of an embedded object (e.g. an identity card), always in the row it came with: decided like an entity's
    /// field, about the citizens its owning entity is about (consent included).
    /// </summary>
    public object? ResolveEmbeddedField(IResolveFieldContext context, CompositeField field, string name)
    {
        var embedded = (EmbeddedObject)context.Source!;
        var request = Request(context);
        var decision = DecideNow(request, name);
        var value = embedded.Row[field.Name];
        if (decision != Decision.AllowedWithConsent)
        {
            return value;
        }

        return ConsentedEmbeddedField(request, embedded.Owner, name, value);
    }

    // Apart, so that its closure is made only for a field that needs consent.
    private IDataLoaderResult<object?> ConsentedEmbeddedField(HubRequestContext request, EntityObject owner, string name, object? value)
    {
        var subjects = owner.Type.Name == CitizenType ? [owner.Key] : owner.Subjects(CitizenKeyFields(owner.Type));
        return subjects.Count != 1
            ? throw ConsentRequired(name, request)
            : ConsentLoader(request).Load(subjects[0], []).Then(consented =>
                Consented(consented, name, request) ? value : throw ConsentRequired(name, request));
    }

    private object ResolveList(IResolveFieldContext context, EntityObject entity, CompositeField field, string owner)
    {
        var itemType = composite.GetType(field.Type.Name);
        var selection = SelectionCollector.FieldNames(context, context.FieldAst.SelectionSet);
        var loader = Request(context).Loader<IReadOnlyList<SourceRow>>(LoaderName("list", owner, entity.Type.Name, field.Name), () =>
            (keys, fields, ct) => gateway.CollectAsync(Request(context), owner, entity.Type.Name, field.Name, keys, fields, ct));
        return loader
            .Load(entity.Key, FieldsFrom(itemType, selection, owner))
            .Then(rows => (rows ?? []).Select(row => new EntityObject(itemType, row.Key, selection, entity).WithRow(owner, row)).ToList());
    }

    private object? FromRow(IResolveFieldContext context, CompositeField field, SourceRow row)
    {
        var value = row[field.Name];
        return field.Kind switch
        {
            FieldKind.Value => value,
            FieldKind.Embedded => value is SourceRow embedded ? new EmbeddedObject(embedded, (EntityObject)context.Source!) : null,
            // A reference starts as its key; its fields load at the next level, batched with its siblings.
            FieldKind.Reference => value is string key
                ? new EntityObject(composite.GetType(field.Type.Name), key, SelectionCollector.FieldNames(context, context.FieldAst.SelectionSet),
                    (EntityObject)context.Source!)
                : null,
            _ => throw new InvalidOperationException($"{field.Name} is not read from a row."),
        };
    }

    private BatchLoader<SourceRow> EntityLoader(IResolveFieldContext context, string source, CompositeType type) =>
        Request(context).Loader<SourceRow>(LoaderName("entity", source, type.Name, null), () =>
            (keys, fields, ct) => gateway.LookupAsync(Request(context), source, type.Name, keys, fields, ct));

    /// <summary>
    /// The selected fields that <paramref name="source"/> stores in the entity's row, and the fields that say which
    /// citizens the row is about (for the audit entry, consent and a citizen's own-data check).
    /// </summary>
    private IReadOnlyCollection<string> FieldsFrom(CompositeType type, IReadOnlySet<string> selection, string source, string? also = null)
    {
        // The same selection set (shared by every object of a level) asks the same of a source for each object: worked out once.
        var known = _fieldsFrom.GetValue(selection, static _ => new ConcurrentDictionary<(string, string, string?), IReadOnlyCollection<string>>());
        return known.TryGetValue((type.Name, source, also), out var fields) ? fields
            : known.GetOrAdd((type.Name, source, also), OwnedBy(type, also is null ? selection : selection.Append(also), source));
    }

    private readonly ConditionalWeakTable<IReadOnlySet<string>, ConcurrentDictionary<(string, string, string?), IReadOnlyCollection<string>>> _fieldsFrom = [];

    // A request's loaders are named by what they fetch; the names are made once, not once per object.
    private string LoaderName(string kind, string source, string type, string? field) =>
        _loaderNames.GetOrAdd((kind, source, type, field), static key =>
            key.Field is null ? $"{key.Kind}:{key.Source}:{key.Type}" : $"{key.Kind}:{key.Source}:{key.Type}.{key.Field}");

    private readonly ConcurrentDictionary<(string Kind, string Source, string Type, string? Field), string> _loaderNames = new();

    private List<string> OwnedBy(CompositeType type, IEnumerable<string> selection, string source) =>
        selection.Concat(CitizenKeyFields(type))
            .Select(type.FindField)
            .Where(f => f is { OwnerSource: not null, Kind: not FieldKind.EntityList } && f.OwnerSource == source)
            .Select(f => f!.Name)
            .Distinct()
            .ToList();

    private static SourceRow Store(EntityObject entity, string source, SourceRow row)
    {
        entity.WithRow(source, row);
        return row;
    }

    private static object? Argument(IResolveFieldContext context, string name) =>
        context.Arguments is { } arguments && arguments.TryGetValue(name, out var value) ? value.Value : null;

    private static HubRequestContext Request(IResolveFieldContext context) => (HubRequestContext)context.UserContext;
}

/// <summary>A page of a connection as the connection, edge and page-info types read it.</summary>
public sealed record ConnectionResult(IReadOnlyList<EntityObject> Nodes, int Offset, bool HasNextPage, int? TotalCount) : IPageWindow
{
    public int Count => Nodes.Count;
}
