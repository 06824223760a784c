namespace DataHub.Hub.Documents;

/// <summary>Where a registered document stands; only an approved one runs.</summary>
public enum DocumentState
{
    /// <summary>Registered, waiting for a steward's review.</summary>
    Pending,

    /// <summary>Reviewed and approved: the department's app may run it by id.</summary>
    Approved,

    /// <summary>Refused by a steward, with a reason.</summary>
    Rejected,

    /// <summary>Its app version was retired.</summary>
    Retired,

    /// <summary>A grant it needed was revoked: it runs again only after a new review.</summary>
    GrantRevoked,
}
