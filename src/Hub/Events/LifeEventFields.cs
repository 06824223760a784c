using System.Globalization;
using DataHub.Hub.Access;
using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Events;

/// <summary>
/// Life events in the composite schema: <c>publishLifeEvent</c> (a department's mutation), <c>lifeEvents(after, first)</c>
/// (the history, for catch-up by polling) and the subscription <c>lifeEvents(after, kinds)</c>. An event carries keys;
/// its <c>citizen</c> and <c>relatedCitizen</c> resolve through the one resolution path, so a subscriber reads exactly
/// what its grants and the citizens' consents allow, decided and audited like a query.
/// </summary>
public static class LifeEventFields
{
    private const int MaxRegistrationNumber = 64;

    public static FieldType Mutation(IServiceProvider services)
    {
        var input = new InputObjectGraphType { Name = "PublishLifeEventInput", Description = "A life event: what happened, and the keys it is about (no personal data)." };
        input.AddField(new FieldType { Name = "id", ResolvedType = new IdGraphType(), Description = "Your id for the event (a UUID): publishing it again returns the stored event, not a second one. Made by the hub when left out." });
        input.AddField(new FieldType { Name = "kind", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The kind, e.g. BirthRegistered; your department must be one of its publishers." });
        input.AddField(new FieldType { Name = "personalId", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The citizen it is about (12 digits)." });
        input.AddField(new FieldType { Name = "relatedPersonalId", ResolvedType = new StringGraphType(), Description = "A second citizen it names: a parent, the next of kin." });
        input.AddField(new FieldType { Name = "registrationNumber", ResolvedType = new StringGraphType(), Description = "Your own record's number (at most 64 characters)." });
        input.AddField(new FieldType { Name = "occurredAt", ResolvedType = new StringGraphType(), Description = "When it happened (ISO 8601); now when left out." });
        input.AddField(new FieldType { Name = "causedBy", ResolvedType = new IdGraphType(), Description = "The id of the event this one answers (the step before, in a dossier)." });

        return new FieldType
        {
            Name = "publishLifeEvent",
            Description = "Publishes a life event of your department's domain. It is stored before you get the answer; subscribers receive it in order.",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference(TypeName)),
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(input)) { Name = "input" }),
            Metadata = { [Audiences.Metadata] = Audiences.Department },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var request = (HubRequestContext)context.UserContext;
                var principal = request.Principal!;
                var fields = context.GetArgument<Dictionary<string, object?>>("input");
                var kind = (string)fields["kind"]!;
                if (services.GetRequiredService<AccessDecisions>().RefusePublish(principal, kind) is { } refusal)
                {
                    throw new DataHubError(refusal.Code, refusal.Message);
                }

                var draft = new LifeEvent
                {
                    Id = Uuid(fields, "id") ?? System.Guid.NewGuid(),
                    Kind = kind,
                    PublishedBy = principal.DepartmentCode!,
                    PersonalId = KeyFormats.Validate("Citizen", "personalId", (string)fields["personalId"]!),
                    RelatedPersonalId = fields.GetValueOrDefault("relatedPersonalId") is string related ? KeyFormats.Validate("Citizen", "personalId", related) : null,
                    RegistrationNumber = RegistrationNumber(fields.GetValueOrDefault("registrationNumber") as string),
                    OccurredAt = OccurredAt(fields.GetValueOrDefault("occurredAt") as string, services),
                    CausedBy = Uuid(fields, "causedBy"),
                };
                var (stored, _) = await services.GetRequiredService<LifeEventStore>().PublishAsync(draft, context.CancellationToken);
                if (stored.PublishedBy != draft.PublishedBy || stored.Kind != draft.Kind || stored.PersonalId != draft.PersonalId)
                {
                    throw new DataHubError(ErrorCodes.EventIdConflict, $"An event with the id {draft.Id} was already published with other content; use a new id.");
                }

                return stored;
            }),
        };
    }

    public static FieldType Query(IServiceProvider services)
    {
        var page = new ObjectGraphType { Name = "LifeEventPage", Description = "Life events in store order, after a cursor." };
        page.AddField(new FieldType
        {
            Name = "nodes",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference(TypeName)))),
            Resolver = new FuncFieldResolver<object>(c => ((LifeEventPage)c.Source!).Nodes),
        });
        page.AddField(new FieldType
        {
            Name = "hasNextPage",
            ResolvedType = new NonNullGraphType(new BooleanGraphType()),
            Resolver = new FuncFieldResolver<object>(c => ((LifeEventPage)c.Source!).HasNextPage),
        });
        page.AddField(new FieldType
        {
            Name = "endCursor",
            Description = "The cursor of the last event of this page (or the 'after' given, when the page is empty): pass it as 'after' next time.",
            ResolvedType = new GraphQLTypeReference("String"),
            Resolver = new FuncFieldResolver<object>(c => ((LifeEventPage)c.Source!).EndCursor),
        });

        return new FieldType
        {
            Name = "lifeEvents",
            Description = "The life events you receive (by your purpose), oldest first, after a cursor: the same history a subscription delivers, for catch-up by polling.",
            ResolvedType = new NonNullGraphType(page),
            Arguments = new QueryArguments(
                new QueryArgument(new GraphQLTypeReference("String")) { Name = "after", Description = "The cursor of the last event you saw." },
                new QueryArgument(new GraphQLTypeReference("Int")) { Name = "first", Description = "How many events (the page size limits apply)." },
                new QueryArgument(new ListGraphType(new NonNullGraphType(new StringGraphType()))) { Name = "kinds", Description = "Only these kinds (each one you may receive)." }),
            Metadata =
            {
                [Audiences.Metadata] = Audiences.StewardOrDepartment,
                [OperationPlanner.CursorMetadata] = (Func<string, object>)(cursor => EventCursor.Decode(cursor)),
            },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var start = Start(context, services);
                var take = services.GetRequiredService<PagingRules>().Window(context.GetArgument<int?>("first"), null).Take;
                var events = await services.GetRequiredService<LifeEventStore>().ReadAfterAsync(start.After, start.Kinds, take + 1, context.CancellationToken);
                var nodes = events.Take(take).ToList();
                return new LifeEventPage(nodes, events.Count > take, EventCursor.Encode(nodes.Count > 0 ? nodes[^1].Sequence : start.After));
            }),
        };
    }

    public static FieldType Subscription(IServiceProvider services) => new()
    {
        Name = "lifeEvents",
        Description = "Life events as they are stored, in order, from after your cursor (none: from the beginning). Select the citizen's fields you need: "
            + "they are read at delivery under your grants and the citizen's consents. Resume with the 'cursor' of the last event you saw "
            + "(over Server-Sent Events, Last-Event-ID does it).",
        ResolvedType = new GraphQLTypeReference(TypeName),
        Arguments = new QueryArguments(
            new QueryArgument(new GraphQLTypeReference("String")) { Name = "after", Description = "The cursor of the last event you saw." },
            new QueryArgument(new ListGraphType(new NonNullGraphType(new StringGraphType()))) { Name = "kinds", Description = "Only these kinds (each one you may receive)." }),
        Metadata = { [Audiences.Metadata] = Audiences.StewardOrDepartment },
        Resolver = new FuncFieldResolver<object>(context =>
        {
            if (context.Source is LifeEvent delivered)
            {
                return delivered; // one delivery: the event is the root value
            }

            // Opening the subscription: decided once here, through the pipeline; the transport then streams.
            var request = (HubRequestContext)context.UserContext;
            request[SubscriptionStart.Key] = Start(context, services);
            return null;
        }),
        // GraphQL.NET's subscription strategy is not used (each event executes as a query); this only marks the field.
        StreamResolver = new SourceStreamResolver<object>((Func<IResolveFieldContext, IObservable<object?>>)(_ => throw new InvalidOperationException("Life events are streamed by the hub's transports."))),
    };

    public const string TypeName = "LifeEvent";

    public static ObjectGraphType EventType(CompositeSchema composite)
    {
        var type = new ObjectGraphType { Name = TypeName, Description = "Something that happened in a department's domain: keys, not personal data." };
        Add(type, "id", new NonNullGraphType(new IdGraphType()), "The event's id: the idempotency key of at-least-once delivery.", e => e.Id.ToString());
        Add(type, "cursor", new NonNullGraphType(new StringGraphType()), "Its position in the store: resume after it.", e => EventCursor.Encode(e.Sequence));
        Add(type, "kind", new NonNullGraphType(new StringGraphType()), "What happened, e.g. BirthRegistered.", e => e.Kind);
        Add(type, "publishedBy", new NonNullGraphType(new StringGraphType()), "The publishing department's code.", e => e.PublishedBy);
        Add(type, "occurredAt", new NonNullGraphType(new StringGraphType()), "When it happened (ISO 8601, UTC).", e => Iso(e.OccurredAt));
        Add(type, "publishedAt", new NonNullGraphType(new StringGraphType()), "When the hub stored it (ISO 8601, UTC).", e => Iso(e.PublishedAt));
        Add(type, "registrationNumber", new StringGraphType(), "The publisher's record number.", e => e.RegistrationNumber);
        Add(type, "causedBy", new IdGraphType(), "The event this one answers.", e => e.CausedBy?.ToString());
        type.AddField(new FieldType
        {
            Name = "personalId",
            Description = "The citizen it is about.",
            ResolvedType = new NonNullGraphType(new StringGraphType()),
            Resolver = new FuncFieldResolver<object>(c => Recorded(c, ((LifeEvent)c.Source!).PersonalId)),
        });
        type.AddField(new FieldType
        {
            Name = "relatedPersonalId",
            Description = "A second citizen it names (a parent, the next of kin).",
            ResolvedType = new StringGraphType(),
            Resolver = new FuncFieldResolver<object>(c => ((LifeEvent)c.Source!).RelatedPersonalId is { } id ? Recorded(c, id) : null),
        });
        type.AddField(CitizenField(composite, "citizen", "The citizen it is about, read now under your grants.", e => e.PersonalId));
        type.AddField(CitizenField(composite, "relatedCitizen", "The second citizen, read now under your grants.", e => e.RelatedPersonalId));
        return type;
    }

    private static FieldType CitizenField(CompositeSchema composite, string name, string description, Func<LifeEvent, string?> key) => new()
    {
        Name = name,
        Description = description,
        ResolvedType = new GraphQLTypeReference("Citizen"),
        // The planner reads which entity the field returns: the citizen's fields are planned and decided as a query's.
        Metadata = { [OperationPlanner.EntityMetadata] = "Citizen" },
        Resolver = new FuncFieldResolver<object>(c => key((LifeEvent)c.Source!) is { } id
            ? new EntityObject(composite.GetType("Citizen"), id, SelectionCollector.FieldNames(c, c.FieldAst.SelectionSet))
            : null),
    };

    private static void Add(ObjectGraphType type, string name, IGraphType graphType, string description, Func<LifeEvent, object?> value) =>
        type.AddField(new FieldType
        {
            Name = name,
            Description = description,
            ResolvedType = graphType,
            Resolver = new FuncFieldResolver<object>(c => value((LifeEvent)c.Source!)),
        });

    private static string Recorded(IResolveFieldContext context, string personalId)
    {
        ((HubRequestContext)context.UserContext).RecordCitizen(personalId);
        return personalId;
    }

    /// <summary>The cursor and the kinds this caller receives: refused with the decision's code when it may receive none asked for.</summary>
    private static SubscriptionStart Start(IResolveFieldContext context, IServiceProvider services)
    {
        var request = (HubRequestContext)context.UserContext;
        var after = EventCursor.Decode(context.GetArgument<string?>("after"));
        var (kinds, refusal) = services.GetRequiredService<AccessDecisions>()
            .ReceivableKinds(request.Principal!, request.Purpose, context.GetArgument<List<string>?>("kinds"));
        return refusal is null ? new SubscriptionStart(after, kinds) : throw new DataHubError(refusal.Code, refusal.Message);
    }

    private static Guid? Uuid(Dictionary<string, object?> fields, string name) =>
        fields.GetValueOrDefault(name) switch
        {
            null => null,
            var value when System.Guid.TryParse(value.ToString(), out var id) => id,
            _ => throw new DataHubError(ErrorCodes.InvalidArgument, $"'{name}' must be a UUID."),
        };

    private static string? RegistrationNumber(string? number) =>
        number is null || number.Length <= MaxRegistrationNumber ? number
            : throw new DataHubError(ErrorCodes.InvalidArgument, $"'registrationNumber' is at most {MaxRegistrationNumber} characters.");

    private static DateTime OccurredAt(string? text, IServiceProvider services)
    {
        if (text is null)
        {
            return services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : throw new DataHubError(ErrorCodes.InvalidArgument, "'occurredAt' must be an ISO 8601 date and time.");
    }

    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    private sealed record LifeEventPage(IReadOnlyList<LifeEvent> Nodes, bool HasNextPage, string EndCursor);
}
