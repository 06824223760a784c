using GraphQL.Execution;
using GraphQLParser.AST;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// Parses a query with the parser's own recursion limit, then counts its field selections and aliases as written —
/// before GraphQL.NET validates it, since validating thousands of selections in one set costs quadratic time. The
/// exact limits are checked again, fragments expanded, as the operation is planned (<see cref="Planning.OperationPlanner"/>).
/// </summary>
public sealed class LimitedDocumentBuilder(RequestLimits limits) : IDocumentBuilder
{
    private readonly GraphQLDocumentBuilder _parser = new() { MaxDepth = limits.MaxParserDepth };

    public GraphQLDocument Build(string body)
    {
        var document = _parser.Build(body);
        var (fields, aliases) = Count(document);
        if (fields > limits.MaxFields)
        {
            throw new DataHubError(ErrorCodes.QueryTooComplex, $"The document selects more than {limits.MaxFields} fields. Split it into smaller operations.");
        }

        if (aliases > limits.MaxAliases)
        {
            throw new DataHubError(ErrorCodes.QueryTooComplex, $"The document uses more than {limits.MaxAliases} aliases.");
        }

        return document;
    }

    /// <summary>Field selections and aliases in every definition, walked without recursion (the parser bounded the depth).</summary>
    private static (int Fields, int Aliases) Count(GraphQLDocument document)
    {
        var (fields, aliases) = (0, 0);
        var pending = new Stack<GraphQLSelectionSet>();
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition { SelectionSet: { } operation })
            {
                pending.Push(operation);
            }
            else if (definition is GraphQLFragmentDefinition { SelectionSet: { } fragment })
            {
                pending.Push(fragment);
            }
        }

        while (pending.TryPop(out var selectionSet))
        {
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        fields++;
                        aliases += field.Alias is null ? 0 : 1;
                        if (field.SelectionSet is { } inner)
                        {
                            pending.Push(inner);
                        }

                        break;
                    case GraphQLInlineFragment { SelectionSet: { } inline }:
                        pending.Push(inline);
                        break;
                }
            }
        }

        return (fields, aliases);
    }
}
