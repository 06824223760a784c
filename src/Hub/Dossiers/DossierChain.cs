namespace DataHub.Hub.Dossiers;

/// <summary>One liên thông chain as data (schema/dossier-chains.json): its steps in order and how long a step may wait.</summary>
public sealed record DossierChain(string Code, string Name, int WaitMinutes, IReadOnlyList<DossierChainStep> Steps);
