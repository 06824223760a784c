using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>
/// A registered household (hộ gia đình) and its members, head first. The generator yields whole households so
/// that every family link of a member points inside the same household.
/// </summary>
public sealed class Household
{
    private readonly List<Citizen> _members = [];

    internal Household(string id, Commune commune, string address)
    {
        Id = id;
        Commune = commune;
        Address = address;
    }

    /// <summary>'HK' + province code + 7 digits, e.g. HK0270000123.</summary>
    public string Id { get; }

    public Commune Commune { get; }

    public string Address { get; }

    public DateOnly RegisteredOn { get; internal set; }

    public IReadOnlyList<Citizen> Members => _members;

    public Citizen Head => _members[0];

    internal List<Citizen> MemberList => _members;

    /// <summary>The member with that ID, or null (also for a null ID).</summary>
    public Citizen? Find(PersonalId? id) => id is { } value ? _members.Find(m => m.Id == value) : null;
}
