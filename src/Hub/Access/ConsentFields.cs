using System.Globalization;
using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.Access;

/// <summary>
/// Consent held by the citizen, in the composite schema (issue 17): for a citizen token <c>myConsents</c>,
/// <c>myConsentRequests</c>, <c>myRepresented</c> and the changes <c>giveConsent</c>, <c>withdrawConsent</c>,
/// <c>answerConsentRequest</c> (each with an optional <c>forPersonalId</c>: a minor the citizen represents); for a
/// department <c>requestConsent</c> and <c>consentRequestsSent</c>. Who may call each is declared on the field (its
/// audience, and the electronic-ID level a change needs) and decided by <see cref="AccessDecisions"/> before execution;
/// every citizen a call is about goes into its one audit entry.
/// </summary>
public sealed class ConsentFields(IServiceProvider services, int consentLevel)
{
    // The types are made per schema (one hub, one schema): GraphQL.NET types are not shared between schemas.
    private readonly ObjectGraphType _consentType = BuildConsentType();
    private readonly ObjectGraphType _requestType = BuildRequestType();
    private readonly ObjectGraphType _representedType = BuildRepresentedType();

    public IEnumerable<FieldType> Query()
    {
        yield return new FieldType
        {
            Name = "myConsents",
            Description = "For a citizen token: every consent you (or, with forPersonalId, a minor you represent) gave, with its state, newest first.",
            ResolvedType = List(_consentType),
            Arguments = new QueryArguments(ForArgument()),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var (subject, _) = await SubjectAsync(c, services);
                return await Consents(services).ConsentsAsync(subject, c.CancellationToken);
            }),
        };
        yield return new FieldType
        {
            Name = "myConsentRequests",
            Description = "For a citizen token: departments' requests for your consent (or a represented minor's), pending first.",
            ResolvedType = List(_requestType),
            Arguments = new QueryArguments(ForArgument(), StatusArgument()),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var (subject, _) = await SubjectAsync(c, services);
                return await Consents(services).RequestsForAsync(subject, Status(c), c.CancellationToken);
            }),
        };
        yield return new FieldType
        {
            Name = "myRepresented",
            Description = "For a citizen token: the minors whose consent you manage (you are their father, mother or legal representative).",
            ResolvedType = List(_representedType),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var represented = await Consents(services).RepresentedAsync(Principal(c), c.CancellationToken);
                foreach (var (id, _) in represented)
                {
                    Request(c).RecordCitizen(id);
                }

                return represented.Select(r => new Represented(r.PersonalId, r.FullName)).ToList();
            }),
        };
        yield return new FieldType
        {
            Name = "consentRequestsSent",
            Description = "For a department token: your requests for citizens' consent and how each was answered, newest first.",
            ResolvedType = List(_requestType),
            Arguments = new QueryArguments(StatusArgument()),
            Metadata = { [Audiences.Metadata] = Audiences.Department },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var requests = await Consents(services).RequestsByAsync(Principal(c).DepartmentCode!, Status(c), c.CancellationToken);
                requests.ForEach(r => Request(c).RecordCitizen(r.CitizenPersonalId));
                return requests;
            }),
        };
    }

    public IEnumerable<FieldType> Mutations()
    {
        var give = new InputObjectGraphType { Name = "GiveConsentInput", Description = "A consent: which department may read which of your fields, why, for how long." };
        give.AddField(new FieldType { Name = "department", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The department's code, e.g. so-y-te." });
        give.AddField(new FieldType { Name = "purpose", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The purpose it reads them for, e.g. medical-treatment." });
        give.AddField(new FieldType { Name = "fields", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new StringGraphType()))), Description = "Fields classed consent-required (Type.field), e.g. Citizen.bloodType." });
        give.AddField(new FieldType { Name = "days", ResolvedType = new NonNullGraphType(new IntGraphType()), Description = "How long it lasts, in days (at most CitizenId:MaxConsentDays)." });
        give.AddField(new FieldType { Name = "forPersonalId", ResolvedType = new StringGraphType(), Description = "A minor you represent; leave out for yourself." });

        yield return new FieldType
        {
            Name = "giveConsent",
            Description = "For a citizen token at the consent level: gives a department consent to read some of your consent-required fields. Applies to its next request.",
            ResolvedType = new NonNullGraphType(_consentType),
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(give)) { Name = "input" }),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen, [Audiences.LevelMetadata] = consentLevel },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var (subject, representative) = await SubjectAsync(c, services, input.GetValueOrDefault("forPersonalId") as string);
                var fields = ((IEnumerable<object?>)input["fields"]!).OfType<string>().ToList();
                return await Consents(services).GiveAsync(subject, representative, AdminLimits.Text((string)input["department"]!, "department")!,
                    AdminLimits.Text((string)input["purpose"]!, "purpose")!, fields, (int)input["days"]!, c.CancellationToken);
            }),
        };
        yield return new FieldType
        {
            Name = "withdrawConsent",
            Description = "For a citizen token at the consent level: withdraws one of your consents (or a represented minor's). Applies to the very next request.",
            ResolvedType = new NonNullGraphType(_consentType),
            Arguments = new QueryArguments(
                new QueryArgument(new NonNullGraphType(new IntGraphType())) { Name = "id", Description = "The consent's number (myConsents)." },
                ForArgument()),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen, [Audiences.LevelMetadata] = consentLevel },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var (subject, representative) = await SubjectAsync(c, services);
                return await Consents(services).WithdrawAsync(subject, representative, c.GetArgument<int>("id"), c.CancellationToken);
            }),
        };
        yield return new FieldType
        {
            Name = "answerConsentRequest",
            Description = "For a citizen token at the consent level: approves (records the consent asked for) or declines a department's request.",
            ResolvedType = new NonNullGraphType(_requestType),
            Arguments = new QueryArguments(
                new QueryArgument(new NonNullGraphType(new IntGraphType())) { Name = "id", Description = "The request's number (myConsentRequests)." },
                new QueryArgument(new NonNullGraphType(new BooleanGraphType())) { Name = "approve", Description = "true to give the consent, false to decline." },
                ForArgument()),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen, [Audiences.LevelMetadata] = consentLevel },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var (subject, representative) = await SubjectAsync(c, services);
                var answered = await Consents(services).AnswerAsync(subject, representative, c.GetArgument<int>("id"), c.GetArgument<bool>("approve"), c.CancellationToken);
                return answered;
            }),
        };

        var ask = new InputObjectGraphType { Name = "RequestConsentInput", Description = "What a department asks a citizen to consent to." };
        ask.AddField(new FieldType { Name = "personalId", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The citizen (12 digits)." });
        ask.AddField(new FieldType { Name = "fields", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new StringGraphType()))), Description = "Consent-required fields you hold a grant for (Type.field)." });
        ask.AddField(new FieldType { Name = "purpose", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "The purpose, one your department may state." });
        ask.AddField(new FieldType { Name = "reason", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "Why you ask, in words the citizen reads (at most 500 characters)." });
        ask.AddField(new FieldType { Name = "until", ResolvedType = new NonNullGraphType(new StringGraphType()), Description = "Until when the consent would last (ISO 8601)." });
        yield return new FieldType
        {
            Name = "requestConsent",
            Description = "For a department token: asks a citizen for consent to read consent-required fields (the answer to CONSENT_REQUIRED). The citizen sees it in the portal.",
            ResolvedType = new NonNullGraphType(_requestType),
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(ask)) { Name = "input" }),
            Metadata = { [Audiences.Metadata] = Audiences.Department },
            Resolver = new FuncFieldResolver<object>(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var until = DateTime.TryParse((string)input["until"]!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                    ? time : throw new DataHubError(ErrorCodes.InvalidArgument, "'until' is not an ISO 8601 date or time.");
                var request = await Consents(services).RequestAsync(Principal(c), (string)input["personalId"]!,
                    ((IEnumerable<object?>)input["fields"]!).OfType<string>().ToList(), (string)input["purpose"]!, (string)input["reason"]!, until,
                    c.CancellationToken);
                Request(c).RecordCitizen(request.CitizenPersonalId);
                return request;
            }),
        };
    }

    /// <summary>The types these fields return, registered with the schema.</summary>
    public IEnumerable<IGraphType> Types() => [_consentType, _requestType, _representedType];

    private static async Task<(string Subject, bool AsRepresentative)> SubjectAsync(IResolveFieldContext c, IServiceProvider services, string? forPersonalId = null)
    {
        forPersonalId ??= c.GetArgument<string?>("forPersonalId");
        var (subject, representative) = await Consents(services).SubjectAsync(Principal(c), forPersonalId, c.CancellationToken);
        var request = Request(c);
        request.RecordCitizen(subject);
        if (representative)
        {
            request.RecordCitizen(Principal(c).PersonalId!); // the representative sees what they did in their own history too
        }

        request.ActedAsRepresentative |= representative && c.Operation.Operation == GraphQLParser.AST.OperationType.Mutation;
        return (subject, representative);
    }

    private static CitizenConsents Consents(IServiceProvider services) => services.GetRequiredService<CitizenConsents>();

    private static HubRequestContext Request(IResolveFieldContext c) => (HubRequestContext)c.UserContext;

    private static HubPrincipal Principal(IResolveFieldContext c) => Request(c).Principal ?? throw new DataHubError(ErrorCodes.Unauthenticated, "No caller.");

    private static string? Status(IResolveFieldContext c) => c.GetArgument<string?>("status") is { } status
        ? status is ConsentRequest.Pending or ConsentRequest.Approved or ConsentRequest.Declined ? status
            : throw new DataHubError(ErrorCodes.InvalidArgument, "'status' is pending, approved or declined.")
        : null;

    private static QueryArgument ForArgument() =>
        new(new StringGraphType()) { Name = "forPersonalId", Description = "A minor you represent; leave out for yourself." };

    private static QueryArgument StatusArgument() =>
        new(new StringGraphType()) { Name = "status", Description = "Only requests in this state: pending, approved or declined." };

    private static NonNullGraphType List(IGraphType type) => new(new ListGraphType(new NonNullGraphType(type)));

    private static ObjectGraphType BuildConsentType()
    {
        var type = new ObjectGraphType { Name = "CitizenConsent", Description = "A citizen's consent that a department reads some of their fields for one purpose." };
        Add<ConsentRecord>(type, "id", "Its number.", new NonNullGraphType(new IntGraphType()), c => c.Id);
        Add<ConsentRecord>(type, "department", "The department's code.", Text(), c => c.DepartmentCode);
        Add<ConsentRecord>(type, "purpose", "The purpose's code.", Text(), c => c.PurposeCode);
        Add<ConsentRecord>(type, "fields", "The fields (Type.field).", TextList(), c => c.FieldList.ToList());
        Add<ConsentRecord>(type, "givenAt", "When it was given (UTC, ISO 8601).", Text(), c => AdminChangeLog.Time(c.GivenAt));
        Add<ConsentRecord>(type, "expiresAt", "When it ends (UTC, ISO 8601); null: never.", new StringGraphType(), c => AdminChangeLog.Time(c.ExpiresAt));
        Add<ConsentRecord>(type, "revokedAt", "When it was withdrawn.", new StringGraphType(), c => AdminChangeLog.Time(c.RevokedAt));
        Add<ConsentRecord>(type, "givenBy", "Who gave it: citizen, representative or a steward.", new StringGraphType(), c => c.GivenBy);
        Add<ConsentRecord>(type, "revokedBy", "Who withdrew it.", new StringGraphType(), c => c.RevokedBy);
        Add<ConsentRecord>(type, "state", "live, expired or withdrawn.", Text(), c => c.StateAt(DateTime.UtcNow));
        return type;
    }

    private static ObjectGraphType BuildRequestType()
    {
        var type = new ObjectGraphType { Name = "ConsentRequest", Description = "A department's request for a citizen's consent, and the answer." };
        Add<ConsentRequest>(type, "id", "Its number.", new NonNullGraphType(new IntGraphType()), r => r.Id);
        Add<ConsentRequest>(type, "department", "The department that asks.", Text(), r => r.DepartmentCode);
        Add<ConsentRequest>(type, "personalId", "The citizen asked.", Text(), r => r.CitizenPersonalId);
        Add<ConsentRequest>(type, "fields", "The fields asked for (Type.field).", TextList(), r => r.FieldList.ToList());
        Add<ConsentRequest>(type, "purpose", "The purpose's code.", Text(), r => r.PurposeCode);
        Add<ConsentRequest>(type, "reason", "Why the department asks.", Text(), r => r.Reason);
        Add<ConsentRequest>(type, "until", "Until when the consent would last (UTC, ISO 8601).", Text(), r => AdminChangeLog.Time(r.Until));
        Add<ConsentRequest>(type, "requestedAt", "When it was asked (UTC, ISO 8601).", Text(), r => AdminChangeLog.Time(r.RequestedAt));
        Add<ConsentRequest>(type, "status", "pending, approved or declined.", Text(), r => r.Status);
        Add<ConsentRequest>(type, "answeredAt", "When the citizen answered.", new StringGraphType(), r => AdminChangeLog.Time(r.AnsweredAt));
        Add<ConsentRequest>(type, "answeredBy", "citizen or representative.", new StringGraphType(), r => r.AnsweredBy);
        Add<ConsentRequest>(type, "consentId", "The consent an approval recorded.", new IntGraphType(), r => r.ConsentId);
        return type;
    }

    private static ObjectGraphType BuildRepresentedType()
    {
        var type = new ObjectGraphType { Name = "RepresentedCitizen", Description = "A minor whose consent you manage." };
        Add<Represented>(type, "personalId", "Their personal ID.", Text(), r => r.PersonalId);
        Add<Represented>(type, "fullName", "Their full name.", Text(), r => r.FullName);
        return type;
    }

    private static NonNullGraphType Text() => new(new StringGraphType());

    private static NonNullGraphType TextList() => new(new ListGraphType(new NonNullGraphType(new StringGraphType())));

    private static void Add<T>(ObjectGraphType type, string name, string description, IGraphType graphType, Func<T, object?> read) =>
        type.AddField(new FieldType { Name = name, Description = description, ResolvedType = graphType, Resolver = new FuncFieldResolver<object>(c => read((T)c.Source!)) });

    /// <summary>A minor whose consent a citizen manages.</summary>
    public sealed record Represented(string PersonalId, string FullName);
}
