using DataHub.Hub.Composition;
using DataHub.Hub.Planning;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace DataHub.Hub.Access;

/// <summary>
/// Checks an operation field by field before anything runs: every field (behind aliases, in fragments and inline
/// fragments, at any depth and across sources) and every field named in a <c>where</c> or <c>order</c> argument is
/// put to <see cref="AccessDecisions"/>. One refused field rejects the whole operation, with one
/// <c>FIELD_NOT_GRANTED</c> per field, so no source is called. It also requires a known purpose for data queries.
/// Registered for cached documents too, so it runs on every request.
/// </summary>
public sealed class FieldAccessRule(AccessDecisions decisions, CompositeSchema composite) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.UserContext is not HubRequestContext { Principal: { } principal } request)
        {
            return new((INodeVisitor?)null); // Only requests through the hub's endpoint carry a principal.
        }

        var state = new State(principal, request.Purpose);
        return new(new MatchingNodeVisitor<GraphQLField>(
            (field, ctx) =>
            {
                state.Path.Add((field.Alias?.Name ?? field.Name).StringValue);
                Check(field, ctx, state);
            },
            (_, _) => state.Path.RemoveAt(state.Path.Count - 1)));
    }

    private void Check(GraphQLField node, ValidationContext context, State state)
    {
        var parent = Unwrap(context.TypeInfo.GetParentType());
        var name = node.Name.StringValue;
        if (parent is null || name.StartsWith("__", StringComparison.Ordinal))
        {
            return; // Introspection: filtered per caller by AccessSchemaFilter instead.
        }

        if (parent.Name == "Query")
        {
            CheckRoot(node, context, state);
            return;
        }

        if (!composite.Types.ContainsKey(parent.Name))
        {
            return; // Connection, edge and page-info wrappers hold no citizen data themselves.
        }

        if (!CheckPurpose(node, context, state))
        {
            return;
        }

        Decide(node, context, state, $"{parent.Name}.{name}");
    }

    private void CheckRoot(GraphQLField node, ValidationContext context, State state)
    {
        var name = node.Name.StringValue;
        var root = composite.QueryFields.FirstOrDefault(f => f.Name == name);
        if (root is null)
        {
            return;
        }

        if (state.Principal.Kind == PrincipalKind.Citizen)
        {
            var asked = ArgumentValue(node, "personalId", context) as string;
            if (name != "citizen" || asked != state.Principal.PersonalId)
            {
                Report(context, node, "OWN_RECORD_ONLY",
                    "A citizen token reads only its own record: citizen(personalId: <your personal ID>).", state, null);
            }

            return;
        }

        if (!CheckPurpose(node, context, state))
        {
            return;
        }

        // Filtering or ordering by a field reveals it as surely as selecting it.
        foreach (var argument in new[] { "where", "order" })
        {
            foreach (var field in FieldsNamedIn(ArgumentValue(node, argument, context)))
            {
                var qualified = $"{root.EntityType}.{field}";
                if (decisions.Decide(state.Principal, state.Purpose, qualified) == Decision.AllowedWithConsent)
                {
                    // Filtering by a consent field would tell which citizens have a value, consent or not.
                    Report(context, node, "FIELD_NOT_GRANTED",
                        $"'{qualified}' needs each citizen's consent, so it cannot be used in '{argument}'.", state, qualified);
                    continue;
                }

                Decide(node, context, state, qualified);
            }
        }
    }

    private bool CheckPurpose(GraphQLField node, ValidationContext context, State state)
    {
        if (state.Principal.Kind != PrincipalKind.Department || state.PurposeChecked)
        {
            return state.PurposeOk;
        }

        state.PurposeChecked = true;
        var purposes = decisions.Policy.Purposes;
        if (string.IsNullOrWhiteSpace(state.Purpose))
        {
            Report(context, node, "PURPOSE_REQUIRED",
                "State the purpose of this query in the 'X-Purpose' header or the request's extensions.purpose " +
                $"({string.Join(", ", purposes.Keys.Order(StringComparer.Ordinal))}).", state, null);
        }
        else if (!purposes.TryGetValue(state.Purpose, out var purpose))
        {
            Report(context, node, "UNKNOWN_PURPOSE", $"'{state.Purpose}' is not a registered purpose.", state, null);
        }
        else if (!purpose.DepartmentCodes.Contains(state.Principal.DepartmentCode!))
        {
            Report(context, node, "PURPOSE_NOT_ALLOWED",
                $"The department '{state.Principal.DepartmentCode}' may not state the purpose '{purpose.Code}'.", state, null);
        }
        else
        {
            state.PurposeOk = true;
        }

        return state.PurposeOk;
    }

    private void Decide(GraphQLField node, ValidationContext context, State state, string field)
    {
        var decision = decisions.Decide(state.Principal, state.Purpose, field);
        if (decision is Decision.NotGranted or Decision.Never && state.Refused.Add((field, node.Location.Start)))
        {
            Report(context, node, "FIELD_NOT_GRANTED",
                $"The department '{state.Principal.DisplayName}' has no grant to read '{field}' for the purpose '{state.Purpose}'. " +
                "Ask for access (requestAccess) or leave the field out.", state, field);
        }
    }

    private static IGraphType? Unwrap(IGraphType? type)
    {
        while (type is IProvideResolvedType { ResolvedType: var inner })
        {
            type = inner;
        }

        return type;
    }

    private static void Report(ValidationContext context, GraphQLField node, string code, string message, State state, string? field)
    {
        var error = new ValidationError(context.Document.Source, "DataHub", message, node) { Code = code };
        if (field is not null)
        {
            error.Data["field"] = field;
            error.Data["department"] = state.Principal.DisplayName;
            error.Data["purpose"] = state.Purpose;
            error.Path = state.Path.Cast<object>().ToList();
        }

        context.ReportError(error);
    }

    /// <summary>An argument's value: a literal, or a variable's value.</summary>
    private static object? ArgumentValue(GraphQLField node, string name, ValidationContext context)
    {
        var value = node.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == name)?.Value;
        return Literal(value, context);
    }

    private static object? Literal(GraphQLValue? value, ValidationContext context) => value switch
    {
        null or GraphQLNullValue => null,
        GraphQLVariable variable => context.Variables is { } variables && variables.TryGetValue(variable.Name.StringValue, out var v) ? v : null,
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLObjectValue obj => obj.Fields?.ToDictionary(f => f.Name.StringValue, f => Literal(f.Value, context)) ?? [],
        GraphQLListValue list => list.Values?.Select(v => Literal(v, context)).ToList() ?? [],
        _ => value.ToString(),
    };

    /// <summary>Field names used in a where/order value, through and/or nesting.</summary>
    private static IEnumerable<string> FieldsNamedIn(object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> fields:
                foreach (var (key, inner) in fields)
                {
                    if (key is "and" or "or")
                    {
                        foreach (var nested in FieldsNamedIn(inner))
                        {
                            yield return nested;
                        }
                    }
                    else
                    {
                        yield return key;
                    }
                }

                break;
            case IEnumerable<object?> list when value is not string:
                foreach (var nested in list.SelectMany(FieldsNamedIn))
                {
                    yield return nested;
                }

                break;
        }
    }

    private sealed class State(HubPrincipal principal, string? purpose)
    {
        public HubPrincipal Principal { get; } = principal;

        public string? Purpose { get; } = purpose;

        public bool PurposeChecked { get; set; }

        public bool PurposeOk { get; set; } = principal.Kind != PrincipalKind.Department;

        public HashSet<(string Field, int Position)> Refused { get; } = [];

        /// <summary>Response keys from the operation (or fragment) root to the field being visited.</summary>
        public List<string> Path { get; } = [];
    }
}
