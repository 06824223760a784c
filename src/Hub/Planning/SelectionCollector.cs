using System.Runtime.CompilerServices;
using GraphQL;
using GraphQLParser.AST;

namespace DataHub.Hub.Planning;

/// <summary>
/// Which fields a selection set asks for, through aliases, fragments and inline fragments, so that each source
/// is asked for everything the query needs from it in one call.
/// </summary>
public static class SelectionCollector
{
    // A parsed document is cached and shared by every request that sends its text, and each of its selection sets asks
    // for the same names every time: they are collected once per selection set, not once per object (a page of 100
    // citizens asked for them 100 times per field). Kept while the document is.
    private static readonly ConditionalWeakTable<GraphQLSelectionSet, IReadOnlySet<string>> Collected = [];

    // The same for a connection's objects, keyed by the connection's selection set.
    private static readonly ConditionalWeakTable<GraphQLSelectionSet, IReadOnlySet<string>> CollectedNodes = [];

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <summary>Field names selected directly on the object that <paramref name="selectionSet"/> applies to (read-only, shared).</summary>
    public static IReadOnlySet<string> FieldNames(IResolveFieldContext context, GraphQLSelectionSet? selectionSet)
    {
        if (selectionSet is null)
        {
            return None;
        }

        if (Collected.TryGetValue(selectionSet, out var known))
        {
            return known;
        }

        var names = Collect(context, selectionSet);
        Collected.AddOrUpdate(selectionSet, names);
        return names;
    }

    private static HashSet<string> Collect(IResolveFieldContext context, GraphQLSelectionSet selectionSet)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Fields(context, selectionSet))
        {
            names.Add(field.Name.StringValue);
        }

        names.Remove("__typename");
        return names;
    }

    /// <summary>Every field node of a selection set, fragments flattened.</summary>
    public static IEnumerable<GraphQLField> Fields(IResolveFieldContext context, GraphQLSelectionSet? selectionSet)
    {
        if (selectionSet is null)
        {
            yield break;
        }

        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var inner in Fields(context, inline.SelectionSet))
                    {
                        yield return inner;
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    var fragment = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                        .FirstOrDefault(f => f.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                    foreach (var inner in Fields(context, fragment?.SelectionSet))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    /// <summary>The field nodes named <paramref name="name"/> in a selection set (a field may be selected more than once).</summary>
    public static IEnumerable<GraphQLField> Named(IResolveFieldContext context, GraphQLSelectionSet? selectionSet, string name) =>
        Fields(context, selectionSet).Where(f => f.Name.StringValue == name);

    /// <summary>
    /// Field names selected on a connection's objects (under <c>nodes</c> and <c>edges { node }</c>, merged; read-only,
    /// shared): like <see cref="FieldNames"/>, once per selection set, so every request that sends the document shares
    /// the same set and what is worked out from it.
    /// </summary>
    public static IReadOnlySet<string> NodeFieldNames(IResolveFieldContext context, GraphQLSelectionSet? connectionSelection)
    {
        if (connectionSelection is null)
        {
            return None;
        }

        if (CollectedNodes.TryGetValue(connectionSelection, out var known))
        {
            return known;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var nodeFields = Named(context, connectionSelection, "nodes")
            .Concat(Named(context, connectionSelection, "edges").SelectMany(edges => Named(context, edges.SelectionSet, "node")));
        foreach (var field in nodeFields)
        {
            names.UnionWith(FieldNames(context, field.SelectionSet));
        }

        CollectedNodes.AddOrUpdate(connectionSelection, names);
        return names;
    }
}
