using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.Statistics;

/// <summary>
/// The statistics part of the composite schema: <c>statistics { population(where: CitizenFilterInput, groupBy:
/// [PopulationDimension!]) { cells { keys count sum suppression } total { count } computedAt } }</c>. The <c>where</c>
/// inputs are the record connections' own; each figure field carries its name for the planner, which plans it as an
/// aggregate read of the figure, its dimensions and its filter fields (<see cref="ReadKind.Aggregated"/>).
/// </summary>
internal static class StatisticsSchema
{
    /// <summary>Metadata key on a figure field: the figure's name.</summary>
    public const string FigureMetadata = "datahub.statistics";

    public static FieldType? Field(CompositeSchema composite, FilterTypes filters)
    {
        var figures = StatisticsFigures.All.Where(f => f.InHub || composite.Types.ContainsKey(f.Entity)).ToList();
        if (figures.Count == 0)
        {
            return null;
        }

        var cell = CellType();
        var table = TableType(cell);
        var statistics = new ObjectGraphType
        {
            Name = StatisticsFigures.TypeName,
            Description = "Counts and sums computed in each source, never a record; cells are protected (small-cell suppression, cell-key perturbation).",
        };
        foreach (var figure in figures)
        {
            statistics.AddField(FigureField(figure, composite, filters, table));
        }

        return new FieldType
        {
            Name = "statistics",
            Description = "Figures for the operations centre (IOC) and the report forms: counts and sums grouped in the sources.",
            ResolvedType = new NonNullGraphType(statistics),
            Resolver = new FuncFieldResolver<object>(_ => Marker),
        };
    }

    private static readonly object Marker = new();

    private static FieldType FigureField(StatisticsFigure figure, CompositeSchema composite, FilterTypes filters, IGraphType table)
    {
        var dimensions = new EnumerationGraphType
        {
            Name = char.ToUpperInvariant(figure.Name[0]) + figure.Name[1..] + "Dimension",
            Description = $"What '{figure.Name}' is grouped by.",
        };
        foreach (var dimension in figure.Dimensions)
        {
            dimensions.Add(new EnumValueDefinition(dimension.EnumValue, dimension.Name) { Description = dimension.Description });
        }

        var arguments = new QueryArguments();
        if (!figure.InHub)
        {
            // A figure counted in the hub's own store has no record connection, so no record filter either.
            arguments.Add(new QueryArgument(filters.FilterInput(composite.GetType(figure.Entity), figure.Source))
            {
                Name = "where",
                Description = "The same filter as the record connection's.",
            });
        }

        arguments.Add(new QueryArgument(new ListGraphType(new NonNullGraphType(dimensions)))
        {
            Name = "groupBy",
            Description = $"Up to {Connectors.AggregateQuery.MaxDimensions} dimensions; none gives the total only.",
        });

        var field = new FieldType
        {
            Name = figure.Name,
            Description = figure.Description,
            ResolvedType = new NonNullGraphType(table),
            Arguments = arguments,
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var groupBy = GroupBy(figure, context.GetArgument<List<object>?>("groupBy"));
                var where = ConnectionArguments.Filter(context.Arguments?.TryGetValue("where", out var value) == true ? value.Value : null);
                var request = (HubRequestContext)context.UserContext;
                return await context.RequestServices!.GetRequiredService<StatisticsService>()
                    .ComputeAsync(request, figure, where, groupBy, context.CancellationToken);
            }),
        };
        field.Metadata[FigureMetadata] = figure.Name;
        return field;
    }

    /// <summary>The dimensions asked for, checked: known, distinct, at most three.</summary>
    public static IReadOnlyList<StatisticsDimension> GroupBy(StatisticsFigure figure, IEnumerable<object>? values)
    {
        var names = (values ?? []).Select(v => v.ToString()!).ToList();
        if (names.Count > Connectors.AggregateQuery.MaxDimensions || names.Distinct().Count() != names.Count)
        {
            throw new DataHubError(ErrorCodes.InvalidArgument,
                $"'groupBy' takes up to {Connectors.AggregateQuery.MaxDimensions} different dimensions.");
        }

        return names.Select(n => figure.Dimension(n)
            ?? throw new DataHubError(ErrorCodes.InvalidArgument, $"'{n}' is not a dimension of '{figure.Name}'.")).ToList();
    }

    private static ObjectGraphType CellType()
    {
        var type = new ObjectGraphType { Name = "StatisticsCell", Description = "One cell of a published table." };
        type.AddField(new FieldType
        {
            Name = "keys",
            Description = "The cell's dimension values, in the order of 'groupBy' (null: no value, e.g. no electronic ID).",
            ResolvedType = new NonNullGraphType(new ListGraphType(new StringGraphType())),
            Resolver = new FuncFieldResolver<StatisticsCell, object>(c => c.Source.Keys),
        });
        type.AddField(new FieldType
        {
            Name = "count",
            Description = "The protected count; null when the cell is suppressed.",
            ResolvedType = new LongGraphType(),
            Resolver = new FuncFieldResolver<StatisticsCell, object?>(c => c.Source.Count),
        });
        type.AddField(new FieldType
        {
            Name = "sum",
            Description = "The protected sum of the figure's summed field; null when suppressed or when the figure sums nothing.",
            ResolvedType = new FloatGraphType(),
            Resolver = new FuncFieldResolver<StatisticsCell, object?>(c => c.Source.Sum),
        });
        type.AddField(new FieldType
        {
            Name = "suppression",
            Description = "Why the cell is not published: 'small' (fewer than k records) or 'complement' (it would give a small cell away); null when published.",
            ResolvedType = new StringGraphType(),
            Resolver = new FuncFieldResolver<StatisticsCell, object?>(c => c.Source.Suppression),
        });
        return type;
    }

    private static ObjectGraphType TableType(IGraphType cell)
    {
        var type = new ObjectGraphType { Name = "StatisticsTable", Description = "A figure as published." };
        type.AddField(new FieldType
        {
            Name = "figure",
            Description = "The figure.",
            ResolvedType = new NonNullGraphType(new StringGraphType()),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.Figure),
        });
        type.AddField(new FieldType
        {
            Name = "dimensions",
            Description = "The dimensions of the cells' keys, in order.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new StringGraphType()))),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.Dimensions),
        });
        type.AddField(new FieldType
        {
            Name = "cells",
            Description = "The non-empty cells, ordered by their keys.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(cell))),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.Cells),
        });
        type.AddField(new FieldType
        {
            Name = "total",
            Description = "The whole table as one cell, protected on its own (so it need not equal the sum of the cells).",
            ResolvedType = new NonNullGraphType(cell),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.Total),
        });
        type.AddField(new FieldType
        {
            Name = "computedAt",
            Description = "When the source computed it (UTC, ISO 8601); figures are cached briefly.",
            ResolvedType = new NonNullGraphType(new StringGraphType()),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.ComputedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        });
        type.AddField(new FieldType
        {
            Name = "minimumCount",
            Description = "k: cells of fewer records are suppressed (0: no suppression).",
            ResolvedType = new NonNullGraphType(new IntGraphType()),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.MinimumCount),
        });
        type.AddField(new FieldType
        {
            Name = "perturbed",
            Description = "Whether counts and sums carry cell-key noise.",
            ResolvedType = new NonNullGraphType(new BooleanGraphType()),
            Resolver = new FuncFieldResolver<StatisticsTable, object>(c => c.Source.Perturbed),
        });
        return type;
    }
}
