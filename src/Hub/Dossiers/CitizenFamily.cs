using DataHub.Connectors;
using DataHub.Hub.Planning;

namespace DataHub.Hub.Dossiers;

/// <summary>
/// A citizen's family as the population database holds it — father, mother, spouse, and the citizens whose father or
/// mother they are — read through the <see cref="SourceGateway"/> in one list call (never a copy kept in the hub).
/// </summary>
public sealed class CitizenFamily(SourceGateway gateway)
{
    private const string PopulationSource = "population";

    /// <summary>Most family members read (parents, a spouse, children); more are left out.</summary>
    public const int MaxMembers = 50;

    private static readonly string[] Relations = ["father", "mother", "spouse"];

    /// <summary>The citizen and their family's personal IDs, the citizen first.</summary>
    public async Task<IReadOnlyList<string>> OfAsync(HubRequestContext request, string me, CancellationToken cancellationToken)
    {
        // One call: my own row (for my parents and spouse), and the rows naming me as father, mother or spouse.
        var page = await gateway.ListAsync(request, PopulationSource, new ListQuery("Citizen",
            new AnyOf([new FieldCondition("personalId", FilterOperator.Eq, me), new FieldCondition("father", FilterOperator.Eq, me),
                new FieldCondition("mother", FilterOperator.Eq, me), new FieldCondition("spouse", FilterOperator.Eq, me)]),
            [new SortField("personalId", false)], 0, MaxMembers, ["personalId", .. Relations], false), cancellationToken);

        var family = new List<string> { me };
        foreach (var row in page.Rows)
        {
            if (row.Key == me)
            {
                family.AddRange(Relations.Select(r => row[r] as string).OfType<string>());
            }
            else
            {
                family.Add(row.Key); // a child, or a spouse whose row names me
            }
        }

        return family.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }
}
