using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DataHub.Hub.Planning;

/// <summary>
/// Plans an operation as it will execute and enforces the request limits on it, before any resolver runs.
/// It derives from GraphQL.NET's execution strategy only to collect fields with the executor's own algorithm
/// (<c>CollectFieldsFrom</c>: fragments, <c>@skip</c>/<c>@include</c> on coerced variables, merged response keys);
/// it executes nothing itself. Walking stops at the first limit passed, so a query built to explode (fragment fan-out,
/// deep nesting) costs no more than the limit to refuse.
/// </summary>
public sealed class OperationPlanner(CompositeSchema composite, RequestLimits limits, PagingRules paging) : SerialExecutionStrategy
{
    /// <summary>Metadata key on a root <see cref="FieldType"/>: the composite entity it returns.</summary>
    public const string EntityMetadata = "datahub.entity";

    /// <summary>Metadata key on a composite type's <see cref="FieldType"/>: its name as grants and the audit name it (<c>Type.field</c>).</summary>
    public const string FieldNameMetadata = "datahub.field";

    /// <summary>
    /// Metadata key on a paged field with cursors of its own (a <c>Func&lt;string, object&gt;</c> that decodes one or
    /// throws): its <c>after</c> is checked with it, its <c>first</c> against the page size as every page's is.
    /// </summary>
    public const string CursorMetadata = "datahub.cursor";

    private CompositeSchema Composite { get; } = composite;

    private RequestLimits Limits { get; } = limits;

    private PagingRules Paging { get; } = paging;

    public OperationPlan Plan(ExecutionContext context)
    {
        var walk = new Walk(context, this);
        var rootType = GetOperationRootType(context);
        var roots = walk.Fields(rootType, context.Operation.SelectionSet, parent: null, depth: 0, multiplier: 1, pageSize: null, introspectionLists: -1);
        return new OperationPlan(context.Operation.Operation, roots, walk.Reads);
    }

    private sealed class Walk(ExecutionContext context, OperationPlanner planner)
    {
        private int _fields;
        private int _aliases;
        private long _cost;

        public List<PlannedRead> Reads { get; } = [];

        /// <param name="introspectionLists">-1 outside introspection; inside it, the list fields passed so far.</param>
        public List<PlannedField> Fields(
            IGraphType parentType, GraphQLSelectionSet selectionSet, PlannedField? parent, int depth, long multiplier, int? pageSize,
            int introspectionLists)
        {
            var limits = planner.Limits;
            var planned = new List<PlannedField>();
            foreach (var (key, (node, definition)) in planner.CollectFieldsFrom(context, parentType, selectionSet, null))
            {
                var field = new PlannedField(key, node, definition, parentType,
                    context.ArgumentValues?.TryGetValue(node, out var arguments) == true ? arguments : null, parent);
                if (++_fields > limits.MaxFields)
                {
                    throw new RequestRefusedException(ErrorCodes.QueryTooComplex,
                        $"The operation selects more than {limits.MaxFields} fields (fragments expanded). Split it into smaller operations.", field);
                }

                if (node.Alias is not null && ++_aliases > limits.MaxAliases)
                {
                    throw new RequestRefusedException(ErrorCodes.QueryTooComplex,
                        $"The operation uses more than {limits.MaxAliases} aliases.", field);
                }

                var isList = definition.ResolvedType is ListGraphType or NonNullGraphType { ResolvedType: ListGraphType };
                var lists = introspectionLists >= 0 || field.IsIntrospection ? Math.Max(introspectionLists, 0) + (isList ? 1 : 0) : -1;
                if (lists > limits.MaxIntrospectionListDepth)
                {
                    throw new RequestRefusedException(ErrorCodes.QueryTooDeep,
                        $"Introspection nests more than {limits.MaxIntrospectionListDepth} lists.", field);
                }

                if (lists < 0 && depth + 1 > limits.MaxDepth)
                {
                    throw new RequestRefusedException(ErrorCodes.QueryTooDeep,
                        $"The operation nests fields {depth + 1} deep; the limit is {limits.MaxDepth}.", field);
                }

                // Each field resolves once per item of its enclosing lists.
                _cost += multiplier;
                if (_cost > limits.MaxCost)
                {
                    throw new RequestRefusedException(ErrorCodes.QueryTooComplex,
                        $"The operation's estimated cost passes {limits.MaxCost}: every field counts once per item of the lists around it " +
                        $"(a page counts its 'first', other lists {limits.ListSizeEstimate}). Ask for smaller pages or fewer nested lists.", field);
                }

                var childPageSize = PageSize(field);
                var itemMultiplier = isList ? multiplier * (pageSize ?? limits.ListSizeEstimate) : multiplier;
                NoteReads(field);
                planned.Add(field);
                if (node.SelectionSet is { } selection && definition.ResolvedType!.GetNamedType() is IComplexGraphType childType)
                {
                    field.Children.AddRange(Fields(childType, selection, field, depth + 1, itemMultiplier, childPageSize, lists));
                }
            }

            return planned;
        }

        /// <summary>A field with <c>first</c> pages its lists: its page size, checked now (PAGE_SIZE_TOO_LARGE, INVALID_CURSOR).</summary>
        private int? PageSize(PlannedField field)
        {
            if (field.Definition.Arguments?.Find("first") is null)
            {
                return null;
            }

            try
            {
                var after = field.Argument("after") as string;
                if (field.Definition.GetMetadata<Func<string, object>>(CursorMetadata) is { } decode && after is not null)
                {
                    decode(after);
                    after = null;
                }

                return planner.Paging.Window(field.Argument("first") as int?, after).Take;
            }
            catch (ExecutionError error)
            {
                throw new RequestRefusedException(error.Code ?? ErrorCodes.InvalidArgument, error.Message, field);
            }
        }

        private void NoteReads(PlannedField field)
        {
            var composite = planner.Composite;
            if (field.IsIntrospection)
            {
                return;
            }

            if (composite.Types.ContainsKey(field.ParentType.Name))
            {
                var name = field.Definition.GetMetadata<string>(FieldNameMetadata) ?? $"{field.ParentType.Name}.{field.Name}";
                Reads.Add(new PlannedRead(name, ReadKind.Selected, field));
                return;
            }

            if (field.Definition.GetMetadata<string>(Statistics.StatisticsSchema.FigureMetadata) is { } figureName
                && Statistics.StatisticsFigures.Find(figureName) is { } figure)
            {
                // A figure discloses counts: of itself, by each dimension, and by each field its filter names.
                Reads.Add(new PlannedRead(figure.GrantName, ReadKind.Aggregated, field));
                var groupBy = field.Argument("groupBy") as IEnumerable<object?> ?? [];
                foreach (var dimension in groupBy.OfType<string>().Distinct())
                {
                    Reads.Add(new PlannedRead(figure.DimensionGrant(dimension), ReadKind.Aggregated, field));
                }

                var filter = field.Argument("where");
                FilterShape.Check(filter, planner.Limits, field);
                foreach (var name in FilterShape.FieldsNamed(filter).Distinct())
                {
                    Reads.Add(new PlannedRead(figure.DimensionGrant(name), ReadKind.Aggregated, field));
                }

                return;
            }

            if (field.Definition.GetMetadata<string>(EntityMetadata) is not { } entityName || !composite.Types.TryGetValue(entityName, out var entity))
            {
                return;
            }

            // Any root field of an entity tells whether such entities exist, and how many: it reads the key.
            Reads.Add(new PlannedRead($"{entity.Name}.{entity.KeyField}", ReadKind.Counted, field));
            var where = field.Argument("where");
            FilterShape.Check(where, planner.Limits, field);
            foreach (var name in FilterShape.FieldsNamed(where))
            {
                Reads.Add(new PlannedRead($"{entity.Name}.{name}", ReadKind.Filtered, field));
            }

            foreach (var name in FilterShape.FieldsNamed(field.Argument("order")))
            {
                Reads.Add(new PlannedRead($"{entity.Name}.{name}", ReadKind.Sorted, field));
            }
        }
    }
}
