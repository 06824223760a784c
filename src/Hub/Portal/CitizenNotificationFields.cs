using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Events;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.Portal;

/// <summary>
/// The citizen's notifications as a subscription, <c>myNotifications(after)</c>, on the transports life events use:
/// "my data was read" (the audit entry, as <c>myAccessLog</c> shows it) and "a department asks for my consent" (the
/// request, as <c>myConsentRequests</c> shows it). For citizen tokens only, and only ever about the caller.
/// </summary>
public static class CitizenNotificationFields
{
    public const string TypeName = "CitizenNotification";

    public static FieldType Subscription(IServiceProvider services) => new()
    {
        Name = "myNotifications",
        Description = "For a citizen token: a notification when a department or a steward reads your data, and when a department asks for "
            + "your consent — from after your cursor (none: from now). Resume with the 'cursor' of the last one you saw (over Server-Sent "
            + "Events, Last-Event-ID does it).",
        ResolvedType = new GraphQLTypeReference(TypeName),
        Arguments = new QueryArguments(
            new QueryArgument(new GraphQLTypeReference("String")) { Name = "after", Description = "The cursor of the last notification you saw." }),
        Metadata = { [Audiences.Metadata] = Audiences.Citizen },
        Resolver = new FuncFieldResolver<object>(async context =>
        {
            if (context.Source is CitizenNotification delivered)
            {
                return delivered; // one delivery: the notification is the root value
            }

            // Opening the subscription, decided through the pipeline: the transport then streams the caller's own.
            var request = (HubRequestContext)context.UserContext;
            var me = request.Principal!.PersonalId!;
            var after = context.GetArgument<string?>("after") is { } cursor
                ? NotificationCursor.Decode(cursor)
                : await services.GetRequiredService<CitizenNotificationStream>().LatestAsync(me, context.CancellationToken);
            request[SubscriptionStart.Key] = new NotificationStart(me, after);
            return null;
        }),
        // As for life events: each notification executes as a query; this only marks the field as a subscription.
        StreamResolver = new SourceStreamResolver<object>((Func<IResolveFieldContext, IObservable<object?>>)(_ => throw new InvalidOperationException("Notifications are streamed by the hub's transports."))),
    };

    public static ObjectGraphType NotificationType()
    {
        var type = new ObjectGraphType { Name = TypeName, Description = "Something a citizen is told: their data was read, or a department asks for their consent." };
        type.AddField(new FieldType
        {
            Name = "cursor",
            Description = "Its position: resume after it.",
            ResolvedType = new NonNullGraphType(new StringGraphType()),
            Resolver = new FuncFieldResolver<object>(c => ((CitizenNotification)c.Source!).Cursor.Encode()),
        });
        type.AddField(new FieldType
        {
            Name = "kind",
            Description = "read (your data was read) or consent-request (a department asks for your consent).",
            ResolvedType = new NonNullGraphType(new StringGraphType()),
            Resolver = new FuncFieldResolver<object>(c => ((CitizenNotification)c.Source!).Kind),
        });
        type.AddField(new FieldType
        {
            Name = "access",
            Description = "For read: who read which of your fields, when and why.",
            ResolvedType = new GraphQLTypeReference("AccessLogEntry"),
            Resolver = new FuncFieldResolver<object>(c => ((CitizenNotification)c.Source!).Access is { } entry
                ? AuditQueries.ViewFor(entry, ((HubRequestContext)c.UserContext).Principal!)
                : null),
        });
        type.AddField(new FieldType
        {
            Name = "consentRequest",
            Description = "For consent-request: what the department asks for, why and until when.",
            ResolvedType = new GraphQLTypeReference("ConsentRequest"),
            Resolver = new FuncFieldResolver<object>(c => ((CitizenNotification)c.Source!).Request),
        });
        return type;
    }
}
