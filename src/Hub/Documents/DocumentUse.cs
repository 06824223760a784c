namespace DataHub.Hub.Documents;

/// <summary>The registered document a request ran by id: what its audit entry names.</summary>
public sealed record DocumentUse(string Id, string Department, string AppVersion);
