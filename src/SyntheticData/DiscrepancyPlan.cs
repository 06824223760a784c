using System.Globalization;
using System.Text;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>
/// Which records the generator damages, decided from the generated population (and who among it the generator gives
/// an insurance card), so the population databases and the department services, seeded apart, damage the same
/// citizens: each citizen is offered to the kinds of
/// <see cref="DiscrepancyKinds.All"/> it is eligible for, in order, and the first whose draw falls under
/// <see cref="SeedOptions.DiscrepancyRate"/> takes it. Draws are a hash of the seed, the kind and the personal ID, so
/// the same options always damage the same records, whatever else changes.
/// </summary>
public static class DiscrepancyPlan
{
    public static IReadOnlyList<PlannedDiscrepancy> Build(SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.DiscrepancyRate <= 0)
        {
            return [];
        }

        // Replacement IDs are of people born in 1900 (nobody the generator makes) and checked against those who are.
        var bornIn1900 = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<(DiscrepancyKind Kind, Citizen Citizen)>();
        var insurance = new HealthInsuranceGenerator(options);
        foreach (var household in new PopulationGenerator(options).Generate())
        {
            // Who holds a card: the card kinds damage only those (so every planned damage to a card finds its card).
            var cardHolders = insurance.ForHousehold(household).Select(c => c.HolderId.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var citizen in household.Members)
            {
                if (citizen.DateOfBirth.Year == 1900)
                {
                    bornIn1900.Add(citizen.Id.Value);
                }

                for (var k = 0; k < DiscrepancyKinds.All.Count; k++)
                {
                    var kind = DiscrepancyKinds.All[k];
                    if (IsEligible(kind, citizen, cardHolders.Contains(citizen.Id.Value)) && Draw(options.RandomSeed, k, citizen.Id.Value) < options.DiscrepancyRate)
                    {
                        chosen.Add((kind, citizen));
                        break;
                    }
                }
            }
        }

        var serial = 0;
        string NextOrphanId(Sex sex)
        {
            string id;
            do
            {
                id = PersonalId.Create(Communes.HomeProvinceCode, new DateOnly(1900, 1, 1), sex, 999_999 - serial++).Value;
            }
            while (bornIn1900.Contains(id));
            return id;
        }

        var plan = new List<PlannedDiscrepancy>(chosen.Count);
        var counter = 0;
        foreach (var (kind, citizen) in chosen)
        {
            counter++;
            var id = citizen.Id.Value;
            plan.Add(kind switch
            {
                _ when kind == DiscrepancyKinds.DeathDate =>
                    new PlannedDiscrepancy(kind, id, "", citizen.DateOfDeath!.Value.AddDays(-1 - (int)(Hash(options.RandomSeed, 100, id) % 365))),
                _ when kind == DiscrepancyKinds.CardAfterDeath =>
                    new PlannedDiscrepancy(kind, id, string.Create(CultureInfo.InvariantCulture, $"GD427{99_000_000 + counter:D10}"), citizen.DateOfDeath, citizen),
                _ when kind == DiscrepancyKinds.CardName => new PlannedDiscrepancy(kind, id, WithoutDiacritics(citizen.FullName), null),
                _ when kind == DiscrepancyKinds.CardDateOfBirth =>
                    new PlannedDiscrepancy(kind, id, "", citizen.DateOfBirth.AddDays(1 + (int)(Hash(options.RandomSeed, 101, id) % 27))),
                _ when kind == DiscrepancyKinds.CardNotUpdated =>
                    new PlannedDiscrepancy(kind, id, "", DemoCalendar.Today.AddDays(-DiscrepancyKinds.NotUpdatedForDays - (int)(Hash(options.RandomSeed, 102, id) % 300))),
                _ when kind == DiscrepancyKinds.BenefitAfterDeath =>
                    new PlannedDiscrepancy(kind, id, string.Create(CultureInfo.InvariantCulture, $"TC-{Communes.HomeProvinceCode}-9{counter:D7}"), citizen.DateOfDeath),
                _ when kind == DiscrepancyKinds.DuplicateCard =>
                    new PlannedDiscrepancy(kind, id, string.Create(CultureInfo.InvariantCulture, $"TE127{98_000_000 + counter:D10}"), null),
                _ when kind == DiscrepancyKinds.InvalidHolderId =>
                    new PlannedDiscrepancy(kind, id, counter % 2 == 0 ? "999" + id[3..] : id[..3] + "8" + id[4..], null),
                _ when kind == DiscrepancyKinds.BirthWithoutCitizen || kind == DiscrepancyKinds.OrphanLandRight || kind == DiscrepancyKinds.OrphanBenefitCase =>
                    new PlannedDiscrepancy(kind, id, NextOrphanId(citizen.Sex), null),
                _ => new PlannedDiscrepancy(kind, id, "", null),
            });
        }

        return plan;
    }

    private static bool IsEligible(DiscrepancyKind kind, Citizen citizen, bool holdsCard)
    {
        if (kind == DiscrepancyKinds.DeathDate || kind == DiscrepancyKinds.DeadButAlive || kind == DiscrepancyKinds.CardAfterDeath
            || kind == DiscrepancyKinds.BenefitAfterDeath)
        {
            return !citizen.IsAlive;
        }

        if (kind == DiscrepancyKinds.ChildWithoutCard || kind == DiscrepancyKinds.DuplicateCard)
        {
            return citizen.IsAlive && citizen.Age < 6;
        }

        if (kind == DiscrepancyKinds.CardName || kind == DiscrepancyKinds.CardDateOfBirth || kind == DiscrepancyKinds.CardSex)
        {
            return holdsCard;
        }

        if (kind == DiscrepancyKinds.CardNotUpdated)
        {
            // A child's card runs from birth, so only cards of those 6 or older can have gone years without an update.
            return holdsCard && citizen.Age >= 6;
        }

        if (kind == DiscrepancyKinds.MissingIdCard)
        {
            // Past the rule's 30 days of grace after turning 14 (schema/quality-rules.json).
            return citizen.IsAlive && DemoCalendar.AgeOn(citizen.DateOfBirth, DemoCalendar.Today.AddDays(-30)) >= 14 && citizen.IdCard is not null;
        }

        if (kind == DiscrepancyKinds.BirthParents)
        {
            return citizen.FatherId is not null && citizen.MotherId is not null;
        }

        // Land rights and benefit cases: applied only where the citizen holds one (the injector reports what it changed).
        return true;
    }

    /// <summary>The name as typed on a keyboard without Vietnamese input (Nguyễn Thị Hằng → Nguyen Thi Hang); upper case if it has no marks.</summary>
    private static string WithoutDiacritics(string name)
    {
        var plain = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
            }
        }

        var text = plain.ToString().Normalize(NormalizationForm.FormC);
        return text == name ? name.ToUpperInvariant() : text;
    }

    /// <summary>A uniform draw in [0, 1) from the seed, the kind and the personal ID.</summary>
    private static double Draw(int seed, int kind, string personalId) => (Hash(seed, kind, personalId) >> 11) * (1.0 / (1UL << 53));

    private static ulong Hash(int seed, int salt, string personalId)
    {
        var z = ((ulong)(uint)seed << 32) ^ (ulong)(uint)salt ^ ulong.Parse(personalId, NumberStyles.None, CultureInfo.InvariantCulture) * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < 2; i++)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }

        return z;
    }
}
