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

    /// <summary>Field names selected under every occurrence of the given child fields, merged.</summary>
    public static HashSet<string> FieldNamesUnder(IResolveFieldContext context, IEnumerable<GraphQLField> fields)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            names.UnionWith(FieldNames(context, field.SelectionSet));
        }

        return names;
    }
}
