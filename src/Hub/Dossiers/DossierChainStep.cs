namespace DataHub.Hub.Dossiers;

/// <summary>A step of a chain: the event kind that marks it done, the department that takes it, its name.</summary>
public sealed record DossierChainStep(string Kind, string Department, string Name);
