using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using static DataHub.Hub.Admin.AdminSchema;

namespace DataHub.Hub.Admin;

internal sealed class AdminQuery : ObjectGraphType
{
    public AdminQuery(FieldType auditLog)
    {
        Name = "Query";
        Description = "What data stewards read to govern access; departments read their own access requests.";
        Events.EventPolicyFields.AddQueries(this); // who publishes and receives life events

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentType>>>>("departments")
            .Description("Every department, active or not.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).DepartmentsAsync(c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeType>>>>("purposes")
            .Description("Every purpose with its legal basis.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).PurposesAsync(c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ClassificationType>>>>("fieldClassifications")
            .Description("The class of every field, optionally of one class.")
            .Argument<FieldClassType>("class", "Only fields of this class.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).ClassificationsAsync(c.GetArgument<FieldClass?>("class"), c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GrantType>>>>("grants")
            .Description("Grants, newest first; revoked ones only with includeRevoked.")
            .Argument<StringGraphType>("department", "Only this department's.")
            .Argument<StringGraphType>("field", "Only grants of this field (Type.field).")
            .Argument<StringGraphType>("purpose", "Only for this purpose.")
            .Argument<BooleanGraphType>("includeRevoked", "Also revoked grants (default false).")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).GrantsAsync(c.GetArgument<string?>("department"), c.GetArgument<string?>("field"),
                    c.GetArgument<string?>("purpose"), c.GetArgument("includeRevoked", false), c.CancellationToken);
            });

        Field<GrantType>("grant")
            .Description("One grant, revoked or not; null when there is none.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The grant.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).GrantAsync(c.GetArgument<int>("id"), c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ConsentType>>>>("consents")
            .Description("A citizen's consent records, newest first.")
            .Argument<NonNullGraphType<StringGraphType>>("personalId", "The citizen's personal ID.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                var id = Governance.RequirePersonalId(c.GetArgument<string>("personalId"));
                ((HubRequestContext)c.UserContext).RecordCitizen(id); // the citizen sees this look-up in myAccessLog
                return await Reads(c).ConsentsAsync(id, c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccessRequestType>>>>("accessRequests")
            .Description("Access requests, oldest pending first.")
            .Argument<AccessRequestStatusType>("status", "Only requests in this state.")
            .Argument<StringGraphType>("department", "Only this department's.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).AccessRequestsAsync(c.GetArgument<AccessRequestStatus?>("status"), c.GetArgument<string?>("department"),
                    c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccessRequestType>>>>("myAccessRequests")
            .Description("For a department token: its own access requests and their outcome, newest first.")
            .WithMetadata(Audiences.Metadata, Audiences.Department)
            .ResolveAsync(async c => await Reads(c).OwnAccessRequestsAsync(Department(c).DepartmentCode!, c.CancellationToken));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AdminChangeType>>>>("adminChanges")
            .Description("The record of every change to the registry, newest first.")
            .Argument<StringGraphType>("target", "Only changes of this target, e.g. grant/12 or field/Citizen.occupation.")
            .Argument<StringGraphType>("actor", "Only changes by this steward (or department).")
            .Argument<StringGraphType>("action", "Only this action, e.g. revokeGrant.")
            .Argument<IntGraphType>("first", "At most this many (default 100, at most 1000).")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await Reads(c).ChangesAsync(c.GetArgument<string?>("target"), c.GetArgument<string?>("actor"), c.GetArgument<string?>("action"),
                    c.GetArgument("first", 100), c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("compositeFields")
            .Description("Every field of the composite schema (Type.field), the names classification and grants use.")
            .Resolve(c =>
            {
                Steward(c);
                return Service<Governance>(c).CompositeFields;
            });

        AddField(auditLog); // Audit's own query: the same filters, paging and shape as on /graphql.
        Documents.DocumentAdminFields.AddQueries(this);
    }

    private static StewardReads Reads(IResolveFieldContext c) => Service<StewardReads>(c);
}

internal sealed class AdminMutation : ObjectGraphType
{
    public AdminMutation()
    {
        Name = "Mutation";
        Description = "Changes to the registry. Each is recorded (adminChanges) with who, before, after and reason; a refused change changes nothing.";
        Events.EventPolicyFields.AddMutations(this); // who publishes and receives life events

        Field<NonNullGraphType<DepartmentType>>("addDepartment")
            .Description("Registers a department and the application id its tokens carry.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "Lower-case letters, digits and '-'.")
            .Argument<NonNullGraphType<StringGraphType>>("name", "Its name.")
            .Argument<NonNullGraphType<StringGraphType>>("owningAgency", "The agency it belongs to.")
            .Argument<StringGraphType>("entraApplicationId", "The application (client) id of its app.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<Governance>(c).AddDepartmentAsync(new Department
            {
                Code = c.GetArgument<string>("code").Trim(),
                Name = c.GetArgument<string>("name").Trim(),
                OwningAgency = c.GetArgument<string>("owningAgency").Trim(),
                EntraApplicationId = c.GetArgument<string?>("entraApplicationId"),
            }, Author(c), c.CancellationToken));

        Field<NonNullGraphType<DepartmentType>>("deactivateDepartment")
            .Description("Deactivates a department: its tokens are refused from the next request on.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The department.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<Governance>(c).SetDepartmentActiveAsync(c.GetArgument<string>("code"), false, Author(c), c.CancellationToken));

        Field<NonNullGraphType<DepartmentType>>("activateDepartment")
            .Description("Activates a department again.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The department.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<Governance>(c).SetDepartmentActiveAsync(c.GetArgument<string>("code"), true, Author(c), c.CancellationToken));

        Field<NonNullGraphType<DepartmentType>>("setDepartmentQuota")
            .Description("Sets how many requests per minute a department's app may send (429 RATE_LIMITED beyond); null: the configured default.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The department.")
            .Argument<IntGraphType>("requestsPerMinute", "1 or more; null: the configured default (RateLimits:DepartmentPerMinute).")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<Governance>(c).SetDepartmentQuotaAsync(
                c.GetArgument<string>("code"), c.GetArgument<int?>("requestsPerMinute"), Author(c), c.CancellationToken));

        foreach (var create in new[] { true, false })
        {
            Field<NonNullGraphType<PurposeType>>(create ? "addPurpose" : "updatePurpose")
                .Description(create ? "Adds a purpose with its legal basis." : "Changes a purpose's name, legal basis or departments.")
                .Argument<NonNullGraphType<StringGraphType>>("code", "Lower-case letters, digits and '-'.")
                .Argument<NonNullGraphType<StringGraphType>>("name", "Its name.")
                .Argument<NonNullGraphType<StringGraphType>>("legalBasis", "The law or decree that allows it.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments", "Departments that may state it.")
                .Argument<StringGraphType>("reason", "Why.")
                .ResolveAsync(async c => await Service<Governance>(c).SavePurposeAsync(
                    c.GetArgument<string>("code").Trim(), c.GetArgument<string>("name"), c.GetArgument<string>("legalBasis"),
                    c.GetArgument<List<string>>("departments"), create, Author(c), c.CancellationToken));
        }

        Field<NonNullGraphType<ClassificationType>>("classifyField")
            .Description("Moves a field between BASELINE, RESTRICTED, CONSENT_REQUIRED and NEVER (refused while live grants exist).")
            .Argument<NonNullGraphType<StringGraphType>>("field", "Type.field")
            .Argument<NonNullGraphType<FieldClassType>>("class", "The new class.")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why: kept with the classification.")
            .ResolveAsync(async c => await Service<Governance>(c).ClassifyAsync(
                c.GetArgument<string>("field"), c.GetArgument<FieldClass>("class"), Author(c), c.CancellationToken));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GrantType>>>>("grantAccess")
            .Description("Grants a department fields for a purpose (one grant per field).")
            .Argument<NonNullGraphType<StringGraphType>>("department", "The department.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields", "Type.field names.")
            .Argument<NonNullGraphType<StringGraphType>>("purpose", "The purpose.")
            .Argument<NonNullGraphType<StringGraphType>>("legalBasis", "The law that allows it.")
            .Argument<StringGraphType>("validFrom", "ISO 8601; default now.")
            .Argument<StringGraphType>("validTo", "ISO 8601; default open-ended.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c =>
            {
                var author = Author(c);
                var grants = await Service<Governance>(c).GrantAsync(c.GetArgument<string>("department"), c.GetArgument<List<string>>("fields"),
                    c.GetArgument<string>("purpose"), c.GetArgument<string>("legalBasis"), Time(c, "validFrom"), Time(c, "validTo"), author, c.CancellationToken);
                return grants.Select(g => new GrantView(g, 0)).ToList();
            });

        Field<NonNullGraphType<GrantType>>("revokeGrant")
            .Description("Revokes one grant; the next query that needs it is rejected (FIELD_NOT_GRANTED).")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The grant.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c =>
            {
                var version = c.GetArgument<int>("version");
                var grant = await Service<AccessAdministration>(c).RevokeGrantAsync(c.GetArgument<int>("id"), version, Author(c), c.CancellationToken);
                return new GrantView(grant, version + 1);
            });

        Field<NonNullGraphType<GrantType>>("setGrantValidity")
            .Description("Sets when a grant starts and ends (an end in the past expires it).")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The grant.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<StringGraphType>("validFrom", "ISO 8601; default unchanged.")
            .Argument<StringGraphType>("validTo", "ISO 8601; null: open-ended.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c =>
            {
                var version = c.GetArgument<int>("version");
                var grant = await Service<AccessAdministration>(c).SetValidityAsync(c.GetArgument<int>("id"), version,
                    Time(c, "validFrom"), Time(c, "validTo"), Author(c), c.CancellationToken);
                return new GrantView(grant, version + 1);
            });

        Field<NonNullGraphType<ConsentType>>("recordConsent")
            .Description("Records a citizen's consent, e.g. given at a one-stop desk.")
            .Argument<NonNullGraphType<StringGraphType>>("personalId", "The citizen's personal ID.")
            .Argument<NonNullGraphType<StringGraphType>>("department", "The department that may read.")
            .Argument<NonNullGraphType<StringGraphType>>("purpose", "For this purpose.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields", "Type.field names.")
            .Argument<StringGraphType>("expiresAt", "ISO 8601; default never.")
            .Argument<StringGraphType>("reason", "Where and how it was given.")
            .ResolveAsync(async c =>
            {
                var consent = await Service<Governance>(c).RecordConsentAsync(c.GetArgument<string>("personalId"),
                    c.GetArgument<string>("department"), c.GetArgument<string>("purpose"), c.GetArgument<List<string>>("fields"),
                    Time(c, "expiresAt"), Author(c), c.CancellationToken);
                ((HubRequestContext)c.UserContext).RecordCitizen(consent.CitizenPersonalId);
                return consent;
            });

        Field<NonNullGraphType<ConsentType>>("revokeConsent")
            .Description("Withdraws one consent record; applies to the next request.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The consent record.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<AccessAdministration>(c).RevokeConsentAsync(c.GetArgument<int>("id"), Author(c), c.CancellationToken));

        Field<NonNullGraphType<AccessRequestType>>("requestAccess")
            .Description("For a department token: asks for fields it lacks, for a purpose. It waits for a steward's decision (myAccessRequests).")
            .WithMetadata(Audiences.Metadata, Audiences.Department)
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields", "Type.field names.")
            .Argument<NonNullGraphType<StringGraphType>>("purpose", "The purpose.")
            .Argument<NonNullGraphType<StringGraphType>>("justification", "Why the department needs them.")
            .ResolveAsync(async c =>
            {
                var department = Department(c);
                return await Service<Governance>(c).RequestAccessAsync(department.DepartmentCode!, department.Subject,
                    c.GetArgument<List<string>>("fields"), c.GetArgument<string>("purpose"), c.GetArgument<string>("justification"), c.CancellationToken);
            });

        Field<NonNullGraphType<AccessRequestType>>("approveAccessRequest")
            .Description("Approves a pending request: creates its grants with this legal basis and validity.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The request.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<NonNullGraphType<StringGraphType>>("legalBasis", "The law that allows it.")
            .Argument<StringGraphType>("validFrom", "ISO 8601; default now.")
            .Argument<StringGraphType>("validTo", "ISO 8601; default open-ended.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<Governance>(c).ApproveAsync(c.GetArgument<int>("id"), c.GetArgument<int>("version"),
                c.GetArgument<string>("legalBasis"), Time(c, "validFrom"), Time(c, "validTo"), Author(c), c.CancellationToken));

        Field<NonNullGraphType<AccessRequestType>>("rejectAccessRequest")
            .Description("Rejects a pending request; the department sees the reason.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The request.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why: the department sees it.")
            .ResolveAsync(async c => await Service<Governance>(c).RejectAsync(c.GetArgument<int>("id"), c.GetArgument<int>("version"), Author(c), c.CancellationToken));

        Documents.DocumentAdminFields.AddMutations(this);
    }
}
