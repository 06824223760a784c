using DataHub.Domain;

namespace DataHub.SyntheticData.Tests;

public class PopulationGeneratorTests
{
    [Fact]
    public void The_default_seed_still_produces_the_same_first_households()
    {
        // Pinned on purpose: demos, docs and other departments' services rely on these people. If the generator is
        // changed deliberately, bump PopulationGenerator.Version and update the values here.
        var first = new PopulationGenerator(new SeedOptions()).Generate().Take(2).ToList();

        Assert.Equal("HK0270000001", first[0].Id);
        Assert.Equal("027177214663", first[0].Head.Id.ToString());
        Assert.Equal("Phạm Ngọc Anh", first[0].Head.FullName);
        Assert.Equal(new DateOnly(1977, 11, 30), first[0].Head.DateOfBirth);
        Assert.Equal(["Chủ hộ", "Chồng", "Con", "Con", "Mẹ"], first[0].Members.Select(m => m.RelationToHouseholdHead));
        Assert.Equal("027093549467", first[1].Head.Id.ToString());
        Assert.Equal("Xã Văn Môn", first[1].Commune.Name);
    }

    [Fact]
    public void Generating_twice_yields_the_same_citizens_in_the_same_order()
    {
        var generator = new PopulationGenerator(new SeedOptions(3_000, RandomSeed: 11));

        var first = generator.Generate().SelectMany(h => h.Members).Select(Describe).ToList();
        var second = generator.Generate().SelectMany(h => h.Members).Select(Describe).ToList();

        Assert.Equal(3_000, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Family_links_never_leave_the_household()
    {
        var households = new PopulationGenerator(new SeedOptions(3_000, RandomSeed: 12)).Generate().ToList();

        Assert.All(households, h =>
        {
            var ids = h.Members.Select(m => m.Id).ToHashSet();
            Assert.Equal(h.Head.Id, Assert.Single(h.Members, m => m.RelationToHouseholdHead == "Chủ hộ").Id);
            Assert.All(h.Members, m =>
            {
                foreach (var link in (PersonalId?[])[m.FatherId, m.MotherId, m.SpouseId, m.LegalRepresentativeId, m.HouseholdHeadId])
                {
                    Assert.True(link is null || ids.Contains(link.Value), $"{m} links outside household {h.Id}");
                }
            });
        });
    }

    [Fact]
    public void Options_outside_the_supported_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopulationGenerator(new SeedOptions(-5)));
    }

    private static string Describe(Citizen c) =>
        $"{c.Id}|{c.FullName}|{c.DateOfBirth}|{c.BirthRegistrationPlace}|{c.FatherId}|{c.MotherId}|{c.SpouseId}|{c.DateOfDeath}|{c.PhoneNumber}|{c.IdCard}";
}
