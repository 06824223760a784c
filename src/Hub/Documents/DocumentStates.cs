namespace DataHub.Hub.Documents;

/// <summary>How a document's state reads in messages and the console.</summary>
public static class DocumentStates
{
    public static string Name(DocumentState state) => state switch
    {
        DocumentState.Pending => "pending",
        DocumentState.Approved => "approved",
        DocumentState.Rejected => "rejected",
        DocumentState.Retired => "retired",
        _ => "marked: a grant it needs was revoked",
    };
}
