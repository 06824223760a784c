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
        var nodeFields = SelectionCollector.Named(context, selection, "nodes")
            .Concat(SelectionCollector.Named(context, selection, "edges")
                .SelectMany(edges => SelectionCollector.Named(context, edges.SelectionSet, "node")));
        var nodeSelection = SelectionCollector.FieldNamesUnder(context, nodeFields);
        var wantsTotal = SelectionCollector.Named(context, selection, "totalCount").Any();

        var query = new ListQuery(type.Name, where, order, window.Skip, window.Take,
            FieldsFrom(type, nodeSelection, root.Source), wantsTotal);
        var page = await gateway.ListAsync(Request(context), root.Source, query, context.CancellationToken);
        var nodes = page.Rows.Select(row => new EntityObject(type, row.Key, nodeSelection).WithRow(root.Source, row)).ToList();
        return new ConnectionResult(nodes, window.Skip, page.HasNextPage, page.TotalCount);
    }

    /// <summary>
    /// A field of an entity, after the per-object access checks that need the data: a citizen reads only their own
    /// record; a consent-required field is null (<c>CONSENT_REQUIRED</c>) for citizens without live consent, checked
    /// in one batched look-up per level. What may be asked at all was decided before execution (FieldAccessRule).
    /// </summary>
    public object? ResolveEntityField(IResolveFieldContext context, CompositeField field)
    {
        var entity = (EntityObject)context.Source!;
        var request = Request(context);
        if (request.Principal is { Kind: PrincipalKind.Citizen } citizen && entity.Type.Name == "Citizen" && entity.Key != citizen.PersonalId)
        {
            throw new DataHubError("OWN_RECORD_ONLY", "A citizen token reads only its own record; this is another citizen's.");
        }

        var value = ResolveEntityValue(context, entity, field);
        if (request.Principal is { Kind: PrincipalKind.Department } department && entity.Type.Name == "Citizen"
            && access.Decide(department, request.Purpose, $"{entity.Type.Name}.{field.Name}") == Decision.AllowedWithConsent)
        {
            var consent = request.Loader<HashSet<string>>("consent", () => (keys, _, ct) =>
                access.ConsentedFieldsAsync(department.DepartmentCode!, request.Purpose!, keys, ct));
            var name = $"{entity.Type.Name}.{field.Name}";
            return DataLoaderResultExtensions.Combine(consent.Load(entity.Key, []), value, (consented, resolved) =>
                consented?.Contains(name) == true
                    ? Recorded(request, entity, field, resolved)
                    : throw new DataHubError("CONSENT_REQUIRED",
                        $"'{name}' needs this citizen's consent for '{request.Purpose}'; the rest of the record is returned."));
        }

        return value is IDataLoaderResult pending
            ? DataLoaderResultExtensions.Combine(pending, null, (resolved, _) => Recorded(request, entity, field, resolved))
            : Recorded(request, entity, field, value);
    }

    /// <summary>Notes what was read, once it was: the audit entry lists these fields and citizens.</summary>
    private static object? Recorded(HubRequestContext request, EntityObject entity, CompositeField field, object? value)
    {
        request.RecordRead($"{entity.Type.Name}.{field.Name}", entity.Type.Name == "Citizen" ? entity.Key : null);

        return value;
    }

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

        var fields = FieldsFrom(entity.Type, entity.Selection.Append(field.Name), owner);
        return EntityLoader(context, owner, entity.Type)
            .Load(entity.Key, fields)
            .Then(loaded => loaded is null ? null : FromRow(context, field, loaded.Key == entity.Key ? Store(entity, owner, loaded) : loaded));
    }

    /// <summary>A field of an embedded object: always in the row it came with.</summary>
    public static object? ResolveEmbeddedField(IResolveFieldContext context) =>
        ((EmbeddedObject)context.Source!).Row[context.FieldDefinition.Name];

    private object ResolveList(IResolveFieldContext context, EntityObject entity, CompositeField field, string owner)
    {
        var itemType = composite.GetType(field.Type.Name);
        var selection = SelectionCollector.FieldNames(context, context.FieldAst.SelectionSet);
        var loader = Request(context).Loader<IReadOnlyList<SourceRow>>($"list:{owner}:{entity.Type.Name}.{field.Name}", () =>
            (keys, fields, ct) => gateway.CollectAsync(Request(context), owner, entity.Type.Name, field.Name, keys, fields, ct));
        return loader
            .Load(entity.Key, FieldsFrom(itemType, selection, owner))
            .Then(rows => (rows ?? []).Select(row => new EntityObject(itemType, row.Key, selection).WithRow(owner, row)).ToList());
    }

    private object? FromRow(IResolveFieldContext context, CompositeField field, SourceRow row)
    {
        var value = row[field.Name];
        return field.Kind switch
        {
            FieldKind.Value => value,
            FieldKind.Embedded => value is SourceRow embedded ? new EmbeddedObject(embedded) : null,
            // A reference starts as its key; its fields load at the next level, batched with its siblings.
            FieldKind.Reference => value is string key
                ? new EntityObject(composite.GetType(field.Type.Name), key, SelectionCollector.FieldNames(context, context.FieldAst.SelectionSet))
                : null,
            _ => throw new InvalidOperationException($"{field.Name} is not read from a row."),
        };
    }

    private BatchLoader<SourceRow> EntityLoader(IResolveFieldContext context, string source, CompositeType type) =>
        Request(context).Loader<SourceRow>($"entity:{source}:{type.Name}", () =>
            (keys, fields, ct) => gateway.LookupAsync(Request(context), source, type.Name, keys, fields, ct));

    /// <summary>The selected fields that <paramref name="source"/> stores in the entity's row.</summary>
    private static List<string> FieldsFrom(CompositeType type, IEnumerable<string> selection, string source) =>
        selection
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
