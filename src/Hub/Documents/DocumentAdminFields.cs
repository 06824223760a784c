using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.Registry;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using static DataHub.Hub.Admin.AdminSchema;

namespace DataHub.Hub.Documents;

/// <summary>
/// The admin API's trusted-document fields: a department registers its app version's documents and reads their state;
/// stewards list, approve, reject and retire. Added to the admin query and mutation types by one call each.
/// </summary>
internal static class DocumentAdminFields
{
    public const int MaxListed = 500;

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustedDocumentType>>>>("documents")
            .Description("Registered documents, newest first (pending ones are what stewards review).")
            .Argument<StringGraphType>("department", "Only this department's.")
            .Argument<StringGraphType>("appVersion", "Only this app version's.")
            .Argument<DocumentStateType>("state", "Only documents in this state.")
            .ResolveAsync(async c =>
            {
                Steward(c);
                return await ListAsync(c, c.GetArgument<string?>("department"), c.GetArgument<string?>("appVersion"), c.GetArgument<DocumentState?>("state"));
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustedDocumentType>>>>("myDocuments")
            .Description("For a department token: its own registered documents and their review.")
            .WithMetadata(Audiences.Metadata, Audiences.Department)
            .Argument<StringGraphType>("appVersion", "Only this app version's.")
            .ResolveAsync(async c => await ListAsync(c, Department(c).DepartmentCode, c.GetArgument<string?>("appVersion"), null));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustedDocumentType>>>>("registerDocuments")
            .Description("For a department token: registers the operations of one version of its app, pending a steward's review. " +
                "Each is checked against the composite schema (DOCUMENT_INVALID: nothing is stored) and gets its id, fields and purposes.")
            .WithMetadata(Audiences.Metadata, Audiences.Department)
            .Argument<NonNullGraphType<StringGraphType>>("appVersion", "The app version, e.g. 1.4.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<DocumentInputType>>>>("documents", "The operation documents.")
            .ResolveAsync(async c =>
            {
                var department = Department(c);
                var files = c.GetArgument<List<Dictionary<string, object?>>>("documents")
                    .Select(d => new DocumentFile((string)d["name"]!, (string)d["text"]!)).ToList();
                return await Service<DocumentRegistration>(c).PushAsync(department.DepartmentCode!, c.GetArgument<string>("appVersion"), files,
                    department.DepartmentCode!, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<TrustedDocumentType>>("approveDocument")
            .Description("Approves a pending document: its department's app may run it by id. Refused (FIELD_NOT_GRANTED) when it reads a " +
                "field the department may read under none of its purposes.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The document's number.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<DocumentRegistration>(c).ApproveAsync(
                c.GetArgument<int>("id"), c.GetArgument<int>("version"), Author(c), c.CancellationToken));

        mutation.Field<NonNullGraphType<TrustedDocumentType>>("rejectDocument")
            .Description("Rejects a pending document; the department sees the reason.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "The document's number.")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version you read.")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why: the department sees it.")
            .ResolveAsync(async c => await Service<DocumentRegistration>(c).RejectAsync(
                c.GetArgument<int>("id"), c.GetArgument<int>("version"), Author(c), c.CancellationToken));

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustedDocumentType>>>>("retireAppVersion")
            .Description("Retires an app version: its documents stop running from the next request on, on every instance.")
            .Argument<NonNullGraphType<StringGraphType>>("department", "The department.")
            .Argument<NonNullGraphType<StringGraphType>>("appVersion", "The app version.")
            .Argument<StringGraphType>("reason", "Why.")
            .ResolveAsync(async c => await Service<DocumentRegistration>(c).RetireAppVersionAsync(
                c.GetArgument<string>("department"), c.GetArgument<string>("appVersion"), Author(c), c.CancellationToken));
    }

    private static Task<List<TrustedDocument>> ListAsync(IResolveFieldContext c, string? department, string? appVersion, DocumentState? state) =>
        Service<DocumentRegistration>(c).ListAsync(department, appVersion, state, c.CancellationToken);
}
