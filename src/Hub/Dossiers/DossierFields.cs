using System.Globalization;
using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.Dossiers;

/// <summary>
/// Dossiers in the composite schema: <c>dossiers</c> for stewards (every dossier, newest first, by chain) and
/// <c>myDossiers</c> for a citizen (the dossiers whose events name them or their family: father, mother, spouse, children). Both run through the one pipeline and are
/// audited with the citizens each dossier names. Durations are fields, so the statistics can read them.
/// </summary>
public static class DossierFields
{
    public static IEnumerable<FieldType> Query(IServiceProvider services)
    {
        var dossier = DossierType();
        var list = new NonNullGraphType(new ListGraphType(new NonNullGraphType(dossier)));
        yield return new FieldType
        {
            Name = "dossiers",
            Description = "For data stewards: liên thông dossiers (hồ sơ liên thông), newest first, with their steps, state and timings.",
            ResolvedType = list,
            Arguments = new QueryArguments(
                new QueryArgument(new GraphQLTypeReference("Int")) { Name = "first", Description = "How many (the page size limits apply)." },
                new QueryArgument(new StringGraphType()) { Name = "chain", Description = "Only this chain (birth, death)." },
                new QueryArgument(new StringGraphType()) { Name = "before", Description = "The cursor of the last dossier of the previous page." }),
            Metadata = { [Audiences.Metadata] = Audiences.Steward },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var take = services.GetRequiredService<PagingRules>().Window(context.GetArgument<int?>("first"), null).Take;
                var before = context.GetArgument<string?>("before") is { } cursor ? Events.EventCursor.Decode(cursor) : (long?)null;
                var found = await services.GetRequiredService<DossierReader>().LatestAsync(context.GetArgument<string?>("chain"), before, take, context.CancellationToken);
                return Recorded(context, found);
            }),
        };
        yield return new FieldType
        {
            Name = "dossier",
            Description = "One dossier by its filing event's id: a steward reads any; a department one whose chain it takes a step in (e.g. the filing app following what it filed).",
            ResolvedType = dossier,
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(new IdGraphType())) { Name = "id", Description = "The filing event's id." }),
            Metadata = { [Audiences.Metadata] = Audiences.StewardOrDepartment },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var request = (HubRequestContext)context.UserContext;
                if (!Guid.TryParse(context.GetArgument<string>("id"), out var id))
                {
                    throw new DataHubError(ErrorCodes.InvalidArgument, "'id' must be a UUID.");
                }

                var found = await services.GetRequiredService<DossierReader>().ByIdAsync(id, context.CancellationToken);
                var department = request.Principal!.DepartmentCode;
                if (found is null || (department is not null && found.Chain.Steps.All(s => s.Department != department)))
                {
                    return null; // not found and not yours look the same: a department learns nothing of other chains
                }

                return Recorded(context, [found])[0];
            }),
        };
        yield return new FieldType
        {
            Name = "myDossiers",
            Description = "For a citizen token: the liên thông dossiers naming you or your family as the population database holds it (father, mother, spouse, children), newest first.",
            ResolvedType = list,
            Arguments = new QueryArguments(new QueryArgument(new GraphQLTypeReference("Int")) { Name = "first", Description = "How many (the page size limits apply)." }),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var request = (HubRequestContext)context.UserContext;
                var take = services.GetRequiredService<PagingRules>().Window(context.GetArgument<int?>("first"), null).Take;
                var me = request.Principal!.PersonalId!;
                IReadOnlyList<string> family;
                try
                {
                    family = await services.GetRequiredService<CitizenFamily>().OfAsync(request, me, context.CancellationToken);
                }
                catch (DataHub.Connectors.SourceUnavailableException unavailable)
                {
                    // Without the population source the family is unknown: the citizen's own dossiers, and the error says so.
                    family = [me];
                    context.Errors.Add(new DataHubError(ErrorCodes.SourceUnavailable,
                        $"The source '{unavailable.SourceName}' is unavailable; only the dossiers naming you are returned, not your family's."));
                }

                var found = await services.GetRequiredService<DossierReader>().NamingAsync(family, take, context.CancellationToken);
                return Recorded(context, found);
            }),
        };
    }

    private static IReadOnlyList<Dossier> Recorded(IResolveFieldContext context, IReadOnlyList<Dossier> dossiers)
    {
        var request = (HubRequestContext)context.UserContext;
        foreach (var dossier in dossiers)
        {
            request.RecordCitizen(dossier.PersonalId);
            if (dossier.RelatedPersonalId is { } related)
            {
                request.RecordCitizen(related);
            }
        }

        return dossiers;
    }

    private static ObjectGraphType DossierType()
    {
        var state = new EnumerationGraphType { Name = "DossierState", Description = "Where a dossier or a step stands." };
        state.Add(new EnumValueDefinition("DONE", DossierState.Done) { Description = "Taken: its event is stored." });
        state.Add(new EnumValueDefinition("WAITING", DossierState.Waiting) { Description = "Not taken yet, within the chain's wait." });
        state.Add(new EnumValueDefinition("FAILED", DossierState.Failed) { Description = "Not taken within the chain's wait." });

        var step = new ObjectGraphType { Name = "DossierStep", Description = "One step of a dossier: who takes it, and when it was taken." };
        Add<DossierStep>(step, "kind", new NonNullGraphType(new StringGraphType()), "The event kind that marks it done.", s => s.Definition.Kind);
        Add<DossierStep>(step, "name", new NonNullGraphType(new StringGraphType()), "The step's name.", s => s.Definition.Name);
        Add<DossierStep>(step, "department", new NonNullGraphType(new StringGraphType()), "The department that takes it.", s => s.Definition.Department);
        Add<DossierStep>(step, "state", new NonNullGraphType(state), "DONE, WAITING or FAILED.", s => s.State);
        Add<DossierStep>(step, "eventId", new IdGraphType(), "Its event, when done.", s => s.EventId?.ToString());
        Add<DossierStep>(step, "at", new StringGraphType(), "When the hub stored its event (ISO 8601, UTC).", s => Iso(s.At));
        Add<DossierStep>(step, "registrationNumber", new StringGraphType(), "The department's record number.", s => s.RegistrationNumber);
        Add<DossierStep>(step, "secondsFromFiling", new FloatGraphType(), "Seconds from the filing to this step.", s => s.SecondsFromFiling);

        var type = new ObjectGraphType { Name = "Dossier", Description = "A liên thông dossier (hồ sơ liên thông): one filing and the steps that answered it, derived from the life events." };
        Add<Dossier>(type, "id", new NonNullGraphType(new IdGraphType()), "The filing event's id.", d => d.Id.ToString());
        Add<Dossier>(type, "cursor", new NonNullGraphType(new StringGraphType()), "Pass as 'before' for the next (older) page.", d => Events.EventCursor.Encode(d.Sequence));
        Add<Dossier>(type, "chain", new NonNullGraphType(new StringGraphType()), "The chain's code (birth, death).", d => d.Chain.Code);
        Add<Dossier>(type, "chainName", new NonNullGraphType(new StringGraphType()), "The chain's name.", d => d.Chain.Name);
        Add<Dossier>(type, "state", new NonNullGraphType(state), "DONE when every step is taken; FAILED when a step waited too long.", d => d.State);
        Add<Dossier>(type, "reason", new StringGraphType(), "Why it failed.", d => d.Reason);
        Add<Dossier>(type, "personalId", new NonNullGraphType(new StringGraphType()), "The citizen it is about (the child, the person who died).", d => d.PersonalId);
        Add<Dossier>(type, "relatedPersonalId", new StringGraphType(), "The citizen who filed (a parent, the next of kin).", d => d.RelatedPersonalId);
        Add<Dossier>(type, "filedAt", new NonNullGraphType(new StringGraphType()), "When the filing event was stored (ISO 8601, UTC).", d => Iso(d.FiledAt));
        Add<Dossier>(type, "lastStepAt", new NonNullGraphType(new StringGraphType()), "When its latest step was stored.", d => Iso(d.LastStepAt));
        Add<Dossier>(type, "durationSeconds", new FloatGraphType(), "Seconds from filing to the last step, once DONE (what the IOC charts).", d => d.DurationSeconds);
        Add<Dossier>(type, "steps", new NonNullGraphType(new ListGraphType(new NonNullGraphType(step))), "Every step of the chain, in order.", d => d.Steps);
        return type;
    }

    private static void Add<T>(ObjectGraphType type, string name, IGraphType graphType, string description, Func<T, object?> value) =>
        type.AddField(new FieldType
        {
            Name = name,
            Description = description,
            ResolvedType = graphType,
            Resolver = new FuncFieldResolver<object>(c => value((T)c.Source!)),
        });

    private static string? Iso(DateTime? utc) =>
        utc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture) : null;
}
