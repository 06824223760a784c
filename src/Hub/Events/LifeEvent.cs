namespace DataHub.Hub.Events;

/// <summary>
/// One life event as stored: what happened, who published it, when, and the keys it is about — never a copy of
/// personal data. A subscriber reads the citizen's fields through the hub at delivery, under its own grants.
/// </summary>
public sealed class LifeEvent
{
    /// <summary>The store's order: assigned as the event is written, increasing, the subscribers' cursor.</summary>
    public long Sequence { get; set; }

    /// <summary>The event's identity and idempotency key: a publisher that repeats an id gets the stored event back.</summary>
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    /// <summary>The publishing department's code.</summary>
    public required string PublishedBy { get; set; }

    /// <summary>When it happened in the department's domain (UTC).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>When the hub stored it (UTC).</summary>
    public DateTime PublishedAt { get; set; }

    /// <summary>The citizen it is about (the child born, the person who died, the card holder).</summary>
    public required string PersonalId { get; set; }

    /// <summary>A second citizen it names: a parent, the next of kin.</summary>
    public string? RelatedPersonalId { get; set; }

    /// <summary>The publisher's own record number (birth registration, residence, card, case).</summary>
    public string? RegistrationNumber { get; set; }

    /// <summary>The event this one answers, if any: how the steps of one dossier (hồ sơ liên thông) link.</summary>
    public Guid? CausedBy { get; set; }
}
