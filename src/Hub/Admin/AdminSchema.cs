using System.Globalization;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Admin;

/// <summary>
/// The admin API at <c>/admin/graphql</c>: a small schema of its own (GraphQL.NET), separate from the data schema.
/// Stewards read and change departments, purposes, classification, grants, consents and access requests, and read
/// the audit log (Audit's own <c>auditLog</c> field) and the record of every change. A department token may only
/// ask for access (<c>requestAccess</c>) and read its own requests (<c>myAccessRequests</c>).
/// </summary>
public static class AdminSchema
{
    public static ISchema Build(IServiceProvider services)
    {
        var schema = new Schema
        {
            Query = new AdminQuery(AuditQueries.Fields(services).Single(f => f.Name == "auditLog")),
            Mutation = new AdminMutation(),
        };
        schema.RegisterType(PageInfoType());
        schema.Query.AddField(Quality.DataQualityQuery.Field());

        // Every admin field is for stewards unless it says otherwise (the department's own two): declared here, with
        // the fields, and decided before execution by AccessDecisions like every other root field.
        foreach (var field in schema.Query.Fields.Concat(schema.Mutation.Fields))
        {
            if (field.GetMetadata<string>(Audiences.Metadata) is null)
            {
                field.Metadata[Audiences.Metadata] = Audiences.Steward;
            }
        }

        schema.Initialize();
        return schema;
    }

    internal static HubPrincipal Principal(IResolveFieldContext context) =>
        ((HubRequestContext)context.UserContext).Principal ?? throw new DataHubError(ErrorCodes.Unauthenticated, "No caller.");

    // Who may call a field was decided before execution, from its audience (AccessDecisions.DecideOperation); these
    // only name the caller. The kind is asserted all the same: a field declared without its audience must not run.
    internal static HubPrincipal Steward(IResolveFieldContext context) =>
        Principal(context) is { Kind: PrincipalKind.Steward } steward ? steward
            : throw new InvalidOperationException($"'{context.FieldDefinition.Name}' ran for a non-steward: its audience is not declared.");

    internal static HubPrincipal Department(IResolveFieldContext context) =>
        Principal(context) is { Kind: PrincipalKind.Department } department ? department
            : throw new InvalidOperationException($"'{context.FieldDefinition.Name}' ran for a non-department: its audience is not declared.");

    internal static ChangeAuthor Author(IResolveFieldContext context) =>
        new(Steward(context) is var steward && steward.Name is { } name ? name : steward.Subject, AdminLimits.Text(context.GetArgument<string?>("reason"), "reason"));

    internal static T Service<T>(IResolveFieldContext context)
        where T : notnull => context.RequestServices!.GetRequiredService<T>();

    internal static DateTime? Time(IResolveFieldContext context, string name)
    {
        var text = context.GetArgument<string?>(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw AdminErrors.Error(AdminErrors.InvalidArgument, $"'{name}' is not an ISO 8601 date or time (e.g. 2026-01-01 or 2026-01-01T00:00:00Z).");
    }

    private static ObjectGraphType PageInfoType()
    {
        var pageInfo = new ObjectGraphType { Name = "PageInfo", Description = "Information about pagination in a connection." };
        pageInfo.AddField(new FieldType
        {
            Name = "hasNextPage",
            Description = "Whether more entries follow.",
            ResolvedType = new NonNullGraphType(new BooleanGraphType()),
            Resolver = new FuncFieldResolver<object>(c => ((IPageWindow)c.Source!).HasNextPage),
        });
        pageInfo.AddField(new FieldType
        {
            Name = "endCursor",
            Description = "The cursor to continue after (pass it as 'after').",
            ResolvedType = new StringGraphType(),
            Resolver = new FuncFieldResolver<object>(c => ((IPageWindow)c.Source!) is { Count: > 0 } page ? Cursor.Encode(page.Offset + page.Count - 1) : null),
        });
        return pageInfo;
    }
}

/// <summary>A grant with its version, which a steward sends back when changing it.</summary>
public sealed record GrantView(FieldGrant Grant, int Version);

internal sealed class DepartmentType : ObjectGraphType<Department>
{
    public DepartmentType()
    {
        Name = "Department";
        Description = "A connected department (Sở): one application registration, one token.";
        Field(d => d.Code).Description("Its code, e.g. so-y-te.");
        Field(d => d.Name).Description("Its name.");
        Field(d => d.OwningAgency).Description("The agency it belongs to.");
        Field(d => d.EntraApplicationId, nullable: true).Description("The Entra ID application (client) id its tokens carry.");
        Field(d => d.IsActive).Description("Inactive departments' tokens are refused.");
        Field(d => d.RequestsPerMinute, nullable: true).Description("Requests per minute its app may send; null: the configured default.");
    }
}

internal sealed class PurposeType : ObjectGraphType<Purpose>
{
    public PurposeType()
    {
        Name = "Purpose";
        Description = "Why a department reads data, with the law that allows it.";
        Field(p => p.Code).Description("Its code, sent as X-Purpose.");
        Field(p => p.Name).Description("Its name.");
        Field(p => p.LegalBasis).Description("The law or decree that allows it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments")
            .Description("Departments that may state it.").Resolve(c => c.Source.DepartmentCodes.Order(StringComparer.Ordinal).ToList());
    }
}

internal sealed class FieldClassType : EnumerationGraphType<FieldClass>
{
    public FieldClassType()
    {
        Name = "FieldClass";
        Description = "How a field may be read: BASELINE (every department), RESTRICTED (a grant), CONSENT_REQUIRED (a grant and the citizen's consent), NEVER.";
    }
}

internal sealed class AccessRequestStatusType : EnumerationGraphType<AccessRequestStatus>
{
    public AccessRequestStatusType()
    {
        Name = "AccessRequestStatus";
        Description = "PENDING until a steward approves or rejects it.";
    }
}

internal sealed class ClassificationType : ObjectGraphType<FieldClassification>
{
    public ClassificationType()
    {
        Name = "FieldClassification";
        Description = "The class of one composite field.";
        Field(c => c.Field).Description("Type.field");
        Field<NonNullGraphType<FieldClassType>>("class").Description("Its class.").Resolve(c => c.Source.Class);
        Field(c => c.Reason, nullable: true).Description("Why it has this class.");
    }
}

internal sealed class GrantType : ObjectGraphType<GrantView>
{
    public GrantType()
    {
        Name = "Grant";
        Description = "A steward-approved permission: department × field × purpose, with legal basis and validity.";
        Field<NonNullGraphType<IntGraphType>>("id").Description("Its number.").Resolve(c => c.Source.Grant.Id);
        Field<NonNullGraphType<StringGraphType>>("department").Description("The department code.").Resolve(c => c.Source.Grant.DepartmentCode);
        Field<NonNullGraphType<StringGraphType>>("field").Description("Type.field").Resolve(c => c.Source.Grant.Field);
        Field<NonNullGraphType<StringGraphType>>("purpose").Description("The purpose code.").Resolve(c => c.Source.Grant.PurposeCode);
        Field<NonNullGraphType<StringGraphType>>("legalBasis").Description("The law that allows it.").Resolve(c => c.Source.Grant.LegalBasis);
        Field<NonNullGraphType<StringGraphType>>("validFrom").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.Grant.ValidFrom));
        Field<StringGraphType>("validTo").Description("UTC, ISO 8601; null: open-ended.").Resolve(c => AdminChangeLog.Time(c.Source.Grant.ValidTo));
        Field<NonNullGraphType<StringGraphType>>("grantedBy").Description("The steward who granted it.").Resolve(c => c.Source.Grant.GrantedBy);
        Field<StringGraphType>("revokedAt").Description("When it was revoked.").Resolve(c => AdminChangeLog.Time(c.Source.Grant.RevokedAt));
        Field<NonNullGraphType<BooleanGraphType>>("live").Description("Whether it allows reading now.")
            .Resolve(c => c.Source.Grant.IsLiveAt(DateTime.UtcNow));
        Field<NonNullGraphType<IntGraphType>>("version").Description("Send it back with a change: a stale version is a CONFLICT.").Resolve(c => c.Source.Version);
    }
}

internal sealed class ConsentType : ObjectGraphType<ConsentRecord>
{
    public ConsentType()
    {
        Name = "Consent";
        Description = "A citizen's consent that a department reads some of their fields for one purpose.";
        Field(c => c.Id).Description("Its number.");
        Field("personalId", c => c.CitizenPersonalId).Description("The citizen.");
        Field("department", c => c.DepartmentCode).Description("The department.");
        Field("purpose", c => c.PurposeCode).Description("The purpose.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("Type.field names.").Resolve(c => c.Source.FieldList.ToList());
        Field<NonNullGraphType<StringGraphType>>("givenAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.GivenAt));
        Field<StringGraphType>("expiresAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.ExpiresAt));
        Field<StringGraphType>("revokedAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.RevokedAt));
    }
}

internal sealed class AccessRequestType : ObjectGraphType<AccessRequest>
{
    public AccessRequestType()
    {
        Name = "AccessRequest";
        Description = "A department's request for fields it lacks, and the steward's decision.";
        Field(r => r.Id).Description("Its number.");
        Field("department", r => r.DepartmentCode).Description("The department that asks.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("Type.field names.").Resolve(c => c.Source.FieldList.ToList());
        Field("purpose", r => r.PurposeCode).Description("The purpose.");
        Field(r => r.Justification).Description("Why the department needs them.");
        Field<NonNullGraphType<StringGraphType>>("requestedAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.RequestedAt));
        Field<NonNullGraphType<AccessRequestStatusType>>("status").Description("PENDING, APPROVED or REJECTED.").Resolve(c => c.Source.Status);
        Field(r => r.DecidedBy, nullable: true).Description("The steward who decided.");
        Field<StringGraphType>("decidedAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.DecidedAt));
        Field("reason", r => r.DecisionReason, nullable: true).Description("The steward's reason.");
        Field(r => r.LegalBasis, nullable: true).Description("The legal basis of the grants (approved).");
        Field<StringGraphType>("validFrom").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.ValidFrom));
        Field<StringGraphType>("validTo").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.ValidTo));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("grantIds").Description("The grants the approval created.")
            .Resolve(c => (c.Source.GrantIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList());
        Field(r => r.Version).Description("Send it back with a decision: a stale version is a CONFLICT.");
    }
}

internal sealed class AdminChangeType : ObjectGraphType<AdminChange>
{
    public AdminChangeType()
    {
        Name = "AdminChange";
        Description = "One change to the registry: who, what, before, after, why.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Its number.").Resolve(c => c.Source.Id.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("at").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.At));
        Field(c => c.Actor).Description("The steward, or the department for its own request.");
        Field(c => c.Action).Description("e.g. grant, revokeGrant, classifyField.");
        Field(c => c.Target).Description("e.g. grant/12, field/Citizen.occupation.");
        Field(c => c.Before, nullable: true).Description("JSON of the target before; null when created.");
        Field(c => c.After, nullable: true).Description("JSON of the target after.");
        Field(c => c.Reason, nullable: true).Description("Why.");
    }
}
