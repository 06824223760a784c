namespace DataHub.Hub.Events;

/// <summary>
/// A kind of life event (<c>BirthRegistered</c>, <c>DeathRegistered</c>, …) and the departments that may publish it:
/// policy data in the registry, seeded from <c>schema/access-policy.json</c>, changed by stewards like grants.
/// </summary>
public sealed class EventKind
{
    public required string Code { get; set; }

    public required string Description { get; set; }

    /// <summary>Departments that may publish this kind, comma-separated codes.</summary>
    public required string Publishers { get; set; }

    public IReadOnlySet<string> PublisherCodes => Publishers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
}
