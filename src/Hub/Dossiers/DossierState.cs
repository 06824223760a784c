namespace DataHub.Hub.Dossiers;

/// <summary>Where a dossier or one of its steps stands.</summary>
public enum DossierState
{
    /// <summary>Taken: its event is stored.</summary>
    Done,

    /// <summary>Not taken yet, within the chain's wait.</summary>
    Waiting,

    /// <summary>Not taken within the chain's wait (the reason says which step and since when).</summary>
    Failed,
}
