using DataHub.Connectors;
using DataHub.Hub.Composition;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// Builds the GraphQL.NET schema that executes the composite schema: one object type per composite type whose
/// every field resolves through <see cref="FieldResolution"/>, plus Hot Chocolate-shaped connection, filter and
/// sort types for each <c>@connection</c> root field.
/// </summary>
public static class ExecutableSchemaFactory
{
    public static ISchema Build(
        CompositeSchema composite, FieldResolution resolution, IServiceProvider services, IEnumerable<FieldType>? moreQueryFields = null,
        IEnumerable<FieldType>? mutationFields = null, IEnumerable<FieldType>? subscriptionFields = null, IEnumerable<IGraphType>? moreTypes = null)
    {
        var schema = new Schema(services);
        var query = new ObjectGraphType { Name = "Query", Description = "Everything a department can read through DataHub." };
        var filters = new FilterTypes(composite);
        schema.RegisterType(new DateGraphType());

        foreach (var type in composite.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            schema.RegisterType(type.Kind == SourceTypeKind.Enum ? EnumType(type) : ObjectType(type, resolution));
        }

        foreach (var root in composite.QueryFields)
        {
            var field = root.Kind == RootFieldKind.Lookup
                ? LookupField(root, resolution)
                : ConnectionField(root, composite, filters, resolution);
            // The planner reads which entity a root field returns: its filters and counts disclose that entity's fields.
            field.Metadata[OperationPlanner.EntityMetadata] = root.EntityType;
            query.AddField(field);
        }

        // Figures grouped and counted in the sources, filtered with the connections' own inputs.
        if (Statistics.StatisticsSchema.Field(composite, filters) is { } statistics)
        {
            query.AddField(statistics);
        }

        foreach (var field in moreQueryFields ?? [])
        {
            query.AddField(field);
        }

        foreach (var type in moreTypes ?? [])
        {
            schema.RegisterType(type);
        }

        if (mutationFields?.ToList() is { Count: > 0 } mutations)
        {
            var mutation = new ObjectGraphType { Name = "Mutation", Description = "What a department tells the hub." };
            mutations.ForEach(f => mutation.AddField(f));
            schema.Mutation = mutation;
        }

        if (subscriptionFields?.ToList() is { Count: > 0 } subscriptions)
        {
            var subscription = new ObjectGraphType { Name = "Subscription", Description = "What a department hears from the hub as it happens — and a citizen, about their own data." };
            subscriptions.ForEach(f => subscription.AddField(f));
            schema.Subscription = subscription;
        }

        if (schema.AdditionalTypeInstances.All(t => t.Name != "PageInfo"))
        {
            schema.RegisterType(PageInfoType());
        }

        schema.Query = query;
        schema.Initialize();
        return schema;
    }

    private static EnumerationGraphType EnumType(CompositeType type)
    {
        var graphType = new EnumerationGraphType { Name = type.Name, Description = type.Description };
        foreach (var value in type.EnumValues)
        {
            // The value is its own name, which is also how sources store it.
            graphType.Add(value, value);
        }

        return graphType;
    }

    private static ObjectGraphType ObjectType(CompositeType type, FieldResolution resolution)
    {
        var graphType = new ObjectGraphType { Name = type.Name, Description = type.Description };
        foreach (var field in type.Fields)
        {
            var name = $"{type.Name}.{field.Name}"; // as decisions and grants name it, made once
            IFieldResolver resolver = type.IsEntity
                ? new FuncFieldResolver<object>(context => resolution.ResolveEntityField(context, field, name))
                : new FuncFieldResolver<object>(context => resolution.ResolveEmbeddedField(context, field, name));
            var fieldType = new FieldType
            {
                Name = field.Name,
                Description = field.Description,
                ResolvedType = Reference(field.Type),
                Resolver = resolver,
            };
            fieldType.Metadata[OperationPlanner.FieldNameMetadata] = name; // the planner names each read without making the string again
            graphType.AddField(fieldType);
        }

        return graphType;
    }

    private static FieldType LookupField(CompositeRootField root, FieldResolution resolution) => new()
    {
        Name = root.Name,
        Description = root.Description,
        ResolvedType = new GraphQLTypeReference(root.EntityType),
        Arguments = new QueryArguments(root.Arguments.Select(a => new QueryArgument(Reference(a.Type)) { Name = a.Name, Description = a.Description })),
        Resolver = new FuncFieldResolver<object>(context => resolution.ResolveLookup(context, root)),
    };

    private static FieldType ConnectionField(
        CompositeRootField root, CompositeSchema composite, FilterTypes filters, FieldResolution resolution)
    {
        var entity = composite.GetType(root.EntityType);
        var prefix = char.ToUpperInvariant(root.Name[0]) + root.Name[1..];
        var edge = new ObjectGraphType { Name = prefix + "Edge", Description = "An edge in a connection." };
        edge.AddField(new FieldType
        {
            Name = "cursor",
            Description = "A cursor for use in pagination.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("String")),
            Resolver = new FuncFieldResolver<object>(context => ((Edge)context.Source!).Cursor),
        });
        edge.AddField(new FieldType
        {
            Name = "node",
            Description = "The item at the end of the edge.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference(entity.Name)),
            Resolver = new FuncFieldResolver<object>(context => ((Edge)context.Source!).Node),
        });

        var connection = new ObjectGraphType { Name = prefix + "Connection", Description = "A connection to a list of items." };
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            Description = "Information to aid in pagination.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("PageInfo")),
            Resolver = new FuncFieldResolver<object>(context => context.Source),
        });
        connection.AddField(new FieldType
        {
            Name = "edges",
            Description = "A list of edges.",
            ResolvedType = new ListGraphType(new NonNullGraphType(edge)),
            Resolver = new FuncFieldResolver<object>(context =>
            {
                var page = (ConnectionResult)context.Source!;
                return page.Nodes.Select((node, i) => new Edge(Cursor.Encode(page.Offset + i), node)).ToList();
            }),
        });
        connection.AddField(new FieldType
        {
            Name = "nodes",
            Description = "A flattened list of the nodes.",
            ResolvedType = new ListGraphType(new NonNullGraphType(new GraphQLTypeReference(entity.Name))),
            Resolver = new FuncFieldResolver<object>(context => ((ConnectionResult)context.Source!).Nodes),
        });
        connection.AddField(new FieldType
        {
            Name = "totalCount",
            Description = "Identifies the total count of items in the connection.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("Int")),
            Resolver = new FuncFieldResolver<object>(context => ((ConnectionResult)context.Source!).TotalCount),
        });

        return new FieldType
        {
            Name = root.Name,
            Description = root.Description,
            ResolvedType = connection,
            Arguments = new QueryArguments(
                new QueryArgument(new GraphQLTypeReference("Int")) { Name = "first", Description = "Returns the first n elements from the list." },
                new QueryArgument(new GraphQLTypeReference("String")) { Name = "after", Description = "Returns the elements in the list that come after the specified cursor." },
                new QueryArgument(filters.FilterInput(entity, root.Source)) { Name = "where" },
                new QueryArgument(new ListGraphType(new NonNullGraphType(filters.SortInput(entity, root.Source)))) { Name = "order" }),
            Resolver = new FuncFieldResolver<object>(async context => await resolution.ResolveConnectionAsync(context, root)),
        };
    }

    private static ObjectGraphType PageInfoType()
    {
        var pageInfo = new ObjectGraphType { Name = "PageInfo", Description = "Information about pagination in a connection." };
        pageInfo.AddField(new FieldType
        {
            Name = "hasNextPage",
            Description = "Indicates whether more edges exist following the set defined by the clients arguments.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("Boolean")),
            Resolver = new FuncFieldResolver<object>(context => ((IPageWindow)context.Source!).HasNextPage),
        });
        pageInfo.AddField(new FieldType
        {
            Name = "hasPreviousPage",
            Description = "Indicates whether more edges exist prior the set defined by the clients arguments.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("Boolean")),
            Resolver = new FuncFieldResolver<object>(context => ((IPageWindow)context.Source!).Offset > 0),
        });
        pageInfo.AddField(new FieldType
        {
            Name = "startCursor",
            Description = "When paginating backwards, the cursor to continue.",
            ResolvedType = new GraphQLTypeReference("String"),
            Resolver = new FuncFieldResolver<object>(context =>
            {
                var page = (IPageWindow)context.Source!;
                return page.Count == 0 ? null : Cursor.Encode(page.Offset);
            }),
        });
        pageInfo.AddField(new FieldType
        {
            Name = "endCursor",
            Description = "When paginating forwards, the cursor to continue.",
            ResolvedType = new GraphQLTypeReference("String"),
            Resolver = new FuncFieldResolver<object>(context =>
            {
                var page = (IPageWindow)context.Source!;
                return page.Count == 0 ? null : Cursor.Encode(page.Offset + page.Count - 1);
            }),
        });
        return pageInfo;
    }

    /// <summary>A GraphQL.NET type for a source type reference; names resolve when the schema initializes.</summary>
    internal static IGraphType Reference(TypeRef type)
    {
        IGraphType named = new GraphQLTypeReference(type.Name);
        if (type.IsList)
        {
            named = new ListGraphType(type.ItemNonNull ? new NonNullGraphType(named) : named);
        }

        return type.NonNull ? new NonNullGraphType(named) : named;
    }

    private sealed record Edge(string Cursor, EntityObject Node);
}
