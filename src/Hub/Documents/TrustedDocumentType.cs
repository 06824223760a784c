using DataHub.Hub.Admin;
using GraphQL.Types;

namespace DataHub.Hub.Documents;

internal sealed class TrustedDocumentType : ObjectGraphType<TrustedDocument>
{
    public TrustedDocumentType()
    {
        Name = "TrustedDocument";
        Description = "An operation document a department registered for one app version, and its review.";
        Field(d => d.Id).Description("Its number (for approveDocument and rejectDocument).");
        Field("documentId", d => d.Hash).Description("What the app sends: {\"documentId\": \"sha256:…\"}.");
        Field("department", d => d.DepartmentCode).Description("The department whose app sends it.");
        Field(d => d.AppVersion).Description("The app version it belongs to.");
        Field(d => d.Name).Description("Where it came from (file name).");
        Field(d => d.Text).Description("The normalised text that runs.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields")
            .Description("The fields it reads (Type.field): selected, filtered, sorted or counted — what its audit entries list.")
            .Resolve(c => c.Source.FieldList);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("purposes")
            .Description("The department's purposes under which everything it reads is allowed.").Resolve(c => c.Source.PurposeList);
        Field<NonNullGraphType<DocumentStateType>>("state").Description("Where it stands.").Resolve(c => c.Source.State);
        Field<NonNullGraphType<StringGraphType>>("submittedAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.SubmittedAt));
        Field(d => d.SubmittedBy).Description("Who registered it.");
        Field(d => d.ReviewedBy, nullable: true).Description("The steward who approved or rejected it.");
        Field<StringGraphType>("reviewedAt").Description("UTC, ISO 8601.").Resolve(c => AdminChangeLog.Time(c.Source.ReviewedAt));
        Field(d => d.Reason, nullable: true).Description("The reviewer's reason, or why the hub changed its state.");
        Field(d => d.Version).Description("Send it back with a review: a stale version is a CONFLICT.");
    }
}
