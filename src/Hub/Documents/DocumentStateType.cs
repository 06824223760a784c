using GraphQL.Types;

namespace DataHub.Hub.Documents;

internal sealed class DocumentStateType : EnumerationGraphType<DocumentState>
{
    public DocumentStateType()
    {
        Name = "DocumentState";
        Description = "PENDING until a steward approves (APPROVED: it runs) or rejects it; RETIRED with its app version; GRANT_REVOKED when a grant it needed was revoked.";
    }
}
