using GraphQL.Types;

namespace DataHub.Hub.Documents;

internal sealed class DocumentInputType : InputObjectGraphType
{
    public DocumentInputType()
    {
        Name = "DocumentInput";
        Description = "One operation document of an app version.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Where it comes from, e.g. its file name.");
        Field<NonNullGraphType<StringGraphType>>("text").Description("The GraphQL document.");
    }
}
