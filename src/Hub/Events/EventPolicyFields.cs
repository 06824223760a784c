using DataHub.Hub.Admin;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using static DataHub.Hub.Admin.AdminSchema;

namespace DataHub.Hub.Events;

/// <summary>The life-event policy in the admin API: <c>eventKinds</c>, and the stewards' changes to it.</summary>
internal static class EventPolicyFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<EventKindType>>>>("eventKinds")
            .Description("Every kind of life event: who publishes it, and who receives it for which purpose.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                await using var db = await Service<IDbContextFactory<Registry.RegistryDbContext>>(c).CreateDbContextAsync(c.CancellationToken);
                var receivers = await db.EventReceivers.AsNoTracking().Where(r => r.RevokedAt == null).ToListAsync(c.CancellationToken);
                return (await db.EventKinds.AsNoTracking().OrderBy(k => k.Code).ToListAsync(c.CancellationToken))
                    .Select(k => new EventKindView(k, receivers.Where(r => r.Kind == k.Code).OrderBy(r => r.Id).ToList())).ToList();
            });

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<EventKindType>>("setEventPublishers")
            .Description("Sets the departments that may publish a kind of life event.")
            .Argument<NonNullGraphType<StringGraphType>>("kind", "The kind, e.g. BirthRegistered.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments", "Department codes.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c =>
            {
                var kind = await Service<EventPolicyAdministration>(c).SetPublishersAsync(c.GetArgument<string>("kind"),
                    AdminLimits.List(c.GetArgument<List<string>>("departments"), "departments"), Author(c), c.CancellationToken);
                return new EventKindView(kind, []);
            });

        mutation.Field<NonNullGraphType<EventReceiverType>>("allowEventReceiver")
            .Description("Lets a department receive a kind of life event for a purpose it may state; its grants still decide the fields it reads.")
            .Argument<NonNullGraphType<StringGraphType>>("kind", "The kind.")
            .Argument<NonNullGraphType<StringGraphType>>("department", "The department.")
            .Argument<NonNullGraphType<StringGraphType>>("purpose", "For this purpose.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<EventPolicyAdministration>(c).AllowReceiverAsync(c.GetArgument<string>("kind"),
                c.GetArgument<string>("department"), c.GetArgument<string>("purpose"), Author(c), c.CancellationToken));

        mutation.Field<NonNullGraphType<EventReceiverType>>("revokeEventReceiver")
            .Description("Stops a department receiving a kind of life event; its open subscriptions end at their next read.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The receiver right.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<EventPolicyAdministration>(c).RevokeReceiverAsync(c.GetArgument<int>("id"), Author(c), c.CancellationToken));
    }

    internal sealed record EventKindView(EventKind Kind, IReadOnlyList<EventReceiver> Receivers);

    internal sealed class EventKindType : ObjectGraphType<EventKindView>
    {
        public EventKindType()
        {
            Name = "EventKind";
            Description = "A kind of life event and its policy.";
            Field<NonNullGraphType<StringGraphType>>("code").Description("e.g. BirthRegistered.").Resolve(c => c.Source.Kind.Code);
            Field<NonNullGraphType<StringGraphType>>("description").Description("What happened.").Resolve(c => c.Source.Kind.Description);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("publishers")
                .Description("Departments that may publish it.").Resolve(c => c.Source.Kind.PublisherCodes.Order(StringComparer.Ordinal).ToList());
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<EventReceiverType>>>>("receivers")
                .Description("Who receives it, for which purpose (live rights).").Resolve(c => c.Source.Receivers);
        }
    }

    internal sealed class EventReceiverType : ObjectGraphType<EventReceiver>
    {
        public EventReceiverType()
        {
            Name = "EventReceiver";
            Description = "A department's right to receive a kind of life event for one purpose.";
            Field(r => r.Id).Description("Its id.");
            Field(r => r.Kind).Description("The kind.");
            Field("department", r => r.DepartmentCode).Description("The department.");
            Field("purpose", r => r.PurposeCode).Description("The purpose.");
            Field(r => r.GrantedBy).Description("Who allowed it.");
            Field<StringGraphType>("revokedAt").Description("When it was revoked (ISO 8601), if it was.").Resolve(c => AdminChangeLog.Time(c.Source.RevokedAt));
        }
    }
}
