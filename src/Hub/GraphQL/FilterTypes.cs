using DataHub.Hub.Composition;
using GraphQL.Types;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// The filter and sort input types of connections, named and shaped as Hot Chocolate names them
/// (<c>CitizenFilterInput</c>, <c>StringOperationFilterInput</c>, <c>CitizenSortInput</c>, <c>SortEnumType</c>).
/// Only fields the listing source stores as values can be filtered and sorted: that is what translates to SQL.
/// </summary>
internal sealed class FilterTypes(CompositeSchema composite)
{
    private readonly Dictionary<string, IInputObjectGraphType> _operationInputs = [];
    private EnumerationGraphType? _sortEnum;

    private readonly Dictionary<string, IInputObjectGraphType> _filterInputs = [];

    /// <summary>One instance per entity: the record connection and its statistics share it.</summary>
    public IInputObjectGraphType FilterInput(CompositeType entity, string source)
    {
        if (_filterInputs.TryGetValue(entity.Name, out var known))
        {
            return known;
        }

        var input = new InputObjectGraphType { Name = entity.Name + "FilterInput", Description = $"Filters {entity.Name} items." };
        _filterInputs[entity.Name] = input;
        input.AddField(new FieldType { Name = "and", ResolvedType = new ListGraphType(new NonNullGraphType(input)) });
        input.AddField(new FieldType { Name = "or", ResolvedType = new ListGraphType(new NonNullGraphType(input)) });
        foreach (var field in Filterable(entity, source))
        {
            input.AddField(new FieldType { Name = field.Name, ResolvedType = OperationInput(field.Type.Name) });
        }

        return input;
    }

    public IInputObjectGraphType SortInput(CompositeType entity, string source)
    {
        _sortEnum ??= SortEnum();
        var input = new InputObjectGraphType { Name = entity.Name + "SortInput", Description = $"Orders {entity.Name} items." };
        foreach (var field in Filterable(entity, source))
        {
            input.AddField(new FieldType { Name = field.Name, ResolvedType = _sortEnum });
        }

        return input;
    }

    private static IEnumerable<CompositeField> Filterable(CompositeType entity, string source) =>
        entity.Fields.Where(f => f.Kind == FieldKind.Value && !f.Type.IsList && (f.IsKey || f.OwnerSource == source));

    private IInputObjectGraphType OperationInput(string typeName)
    {
        var isEnum = composite.Types.TryGetValue(typeName, out var type) && type.Kind == Connectors.SourceTypeKind.Enum;
        var (name, operators) = typeName switch
        {
            "String" => ("StringOperationFilterInput", new[] { "eq", "neq", "in", "nin", "contains", "ncontains", "startsWith", "endsWith" }),
            "ID" => ("IdOperationFilterInput", ["eq", "neq", "in", "nin"]),
            "Boolean" => ("BooleanOperationFilterInput", ["eq", "neq"]),
            "Int" => ("IntOperationFilterInput", ["eq", "neq", "in", "nin", "gt", "gte", "lt", "lte"]),
            "Float" => ("FloatOperationFilterInput", ["eq", "neq", "in", "nin", "gt", "gte", "lt", "lte"]),
            "Date" => ("DateOperationFilterInput", ["eq", "neq", "in", "nin", "gt", "gte", "lt", "lte"]),
            _ when isEnum => ($"{typeName}OperationFilterInput", ["eq", "neq", "in", "nin"]),
            _ => throw new InvalidOperationException($"No filter for type '{typeName}'."),
        };

        if (_operationInputs.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var input = new InputObjectGraphType { Name = name };
        foreach (var op in operators)
        {
            IGraphType operand = new GraphQLTypeReference(typeName);
            input.AddField(new FieldType
            {
                Name = op,
                ResolvedType = op is "in" or "nin" ? new ListGraphType(operand) : operand,
            });
        }

        _operationInputs[name] = input;
        return input;
    }

    private static EnumerationGraphType SortEnum()
    {
        var sort = new EnumerationGraphType { Name = "SortEnumType" };
        sort.Add("ASC", "ASC");
        sort.Add("DESC", "DESC");
        return sort;
    }
}
