using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace DataHub.Hub.Documents;

/// <summary>
/// Checks a document against the composite schema and lists what it reads, with the hub's own parts: GraphQL.NET's
/// validation, the <see cref="OperationPlanner"/> (through <see cref="OperationCheck"/>, in plan-only mode: nothing runs)
/// and <see cref="AccessDecisions"/> for each purpose the department may state. Every operation of the document is
/// planned with <c>@skip</c>/<c>@include</c> removed, so both branches count, and with stand-in values for required
/// variables; at run time each request is planned and decided again on its real variables.
/// </summary>
public sealed class DocumentAnalyser(IDocumentExecuter executer, ISchema schema, AccessDecisions decisions, RequestLimits limits)
{
    public async Task<DocumentAnalysis> AnalyseAsync(string department, string normalised, IServiceProvider services, CancellationToken cancellationToken)
    {
        var document = Parser.Parse(normalised, new ParserOptions { Ignore = IgnoreOptions.All, MaxDepth = limits.MaxParserDepth });
        foreach (var definition in document.Definitions)
        {
            RemoveConditions(definition);
        }

        var text = new SDLPrinter().Print(document);
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var principal = HubPrincipal.ForDepartment(department, "registration");
        var plans = new List<OperationPlan>();
        var errors = new List<string>();
        foreach (var operation in operations)
        {
            var request = new HubRequestContext(principal, null) { PlanOnly = true };
            var result = await executer.ExecuteAsync(options =>
            {
                options.Schema = schema;
                options.Query = text;
                options.OperationName = operation.Name?.StringValue;
                options.Variables = StandIns(operation);
                options.UserContext = request;
                options.RequestServices = services;
                options.CancellationToken = cancellationToken;
            });
            if (request.Plan is { } plan)
            {
                plans.Add(plan);
                continue;
            }

            errors.AddRange((result.Errors ?? []).Where(e => e.Code != OperationCheck.PlannedOnly)
                .Select(e => $"{operation.Name?.StringValue ?? "(anonymous)"}: {e.Message} ({e.Code})"));
        }

        if (operations.Count == 0)
        {
            errors.Add("The document has no operation.");
        }

        if (errors.Count > 0)
        {
            return new DocumentAnalysis([], [], [], errors);
        }

        var fields = plans.SelectMany(p => GraphQLPipeline.Disclosed(new GraphQLSurface(TrustedDocuments.Surface, schema), p)).Distinct().Order(StringComparer.Ordinal).ToList();
        var ownPurposes = decisions.Policy.Purposes.Values.Where(p => p.DepartmentCodes.Contains(department))
            .Select(p => p.Code).Order(StringComparer.Ordinal).ToList();
        var purposes = ownPurposes.Where(purpose => plans.All(plan => decisions.DecideOperation(principal, purpose, plan).Count == 0)).ToList();
        var notGranted = fields.Where(field => ownPurposes.All(purpose =>
            decisions.Decide(principal, purpose, field) is Decision.NotGranted or Decision.Never)).ToList();
        return new DocumentAnalysis(fields, purposes, notGranted, []);
    }

    /// <summary>Takes <c>@skip</c> and <c>@include</c> off every selection, so planning sees both branches.</summary>
    private static void RemoveConditions(ASTNode node)
    {
        var selections = node switch
        {
            GraphQLOperationDefinition o => o.SelectionSet,
            GraphQLFragmentDefinition f => f.SelectionSet,
            GraphQLField f => f.SelectionSet,
            GraphQLInlineFragment i => i.SelectionSet,
            _ => null,
        };
        if (node is IHasDirectivesNode { Directives: { } directives } withDirectives)
        {
            directives.Items.RemoveAll(d => d.Name.StringValue is "skip" or "include");
            if (directives.Items.Count == 0)
            {
                withDirectives.Directives = null;
            }
        }

        foreach (var selection in selections?.Selections ?? [])
        {
            RemoveConditions(selection);
        }
    }

    /// <summary>A value for each required variable without a default: enough to plan, never run.</summary>
    private Inputs StandIns(GraphQLOperationDefinition operation)
    {
        var values = new Dictionary<string, object?>();
        foreach (var variable in operation.Variables?.Items ?? [])
        {
            if (variable.Type is GraphQLNonNullType nonNull && variable.DefaultValue is null)
            {
                values[variable.Variable.Name.StringValue] = StandIn(nonNull.Type, 0);
            }
        }

        return new Inputs(values);
    }

    private object? StandIn(GraphQLType type, int depth) => type switch
    {
        GraphQLNonNullType nonNull => StandIn(nonNull.Type, depth),
        GraphQLListType => new List<object?>(),
        GraphQLNamedType named => schema.AllTypes[named.Name.StringValue] switch
        {
            EnumerationGraphType enumeration => enumeration.Values.FirstOrDefault()?.Name,
            IInputObjectGraphType input when depth < 5 => input.Fields
                .Where(f => f.ResolvedType is NonNullGraphType && f.DefaultValue is null)
                .ToDictionary(f => f.Name, f => StandIn(GraphQLTypeOf(f.ResolvedType!), depth + 1)),
            IntGraphType or LongGraphType => 1,
            FloatGraphType or DecimalGraphType => 1.0,
            BooleanGraphType => true,
            { Name: "Date" } => "2000-01-01",
            _ => "0",
        },
        _ => null,
    };

    private static GraphQLType GraphQLTypeOf(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => new GraphQLNonNullType(GraphQLTypeOf(nonNull.ResolvedType!)),
        ListGraphType list => new GraphQLListType(GraphQLTypeOf(list.ResolvedType!)),
        _ => new GraphQLNamedType(new GraphQLName(type.Name)),
    };
}
