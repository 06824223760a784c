using DataHub.Connectors;
using DataHub.Hub.Statistics;

namespace DataHub.Tests.Statistics;

/// <summary>Disclosure control without a host: suppression, its complement, and the cell-key noise.</summary>
public sealed class CellProtectionTests
{
    private static readonly StatisticsFigure Figure = StatisticsFigures.Find("population")!;

    private static CellProtection Protection(int k, bool perturb) =>
        new(new StatisticsOptions { MinimumCellCount = k, Perturbation = perturb, CellKeySecret = "a-test-secret-of-enough-length" });

    [Fact]
    public void A_lone_small_cell_is_suppressed_with_the_smallest_other_cell_so_the_total_does_not_give_it_back()
    {
        var raw = new RawTable([new AggregateRow(["A"], 50, null), new AggregateRow(["B"], 3, null), new AggregateRow(["C"], 20, null)], DateTimeOffset.UnixEpoch);

        var table = Protection(10, perturb: false).Protect(Figure, ["commune"], raw, hasSum: false);

        Assert.Equal([(50L, (string?)null), (null, "small"), (null, "complement")], table.Cells.Select(c => (c.Count, c.Suppression)));
        Assert.Equal(73, table.Total.Count);
    }

    [Fact]
    public void Noise_depends_only_on_the_cell_key_and_count_and_never_empties_a_cell()
    {
        var protection = Protection(0, perturb: true);
        var noises = Enumerable.Range(0, 500).Select(key => protection.Noise(15, key)).ToList();

        Assert.Equal(noises, Enumerable.Range(0, 500).Select(key => protection.Noise(15, key)));
        Assert.Equal([-2, -1, 0, 1, 2], noises.Distinct().Order());
        Assert.All(Enumerable.Range(0, 500), key => Assert.True(1 + protection.Noise(1, key) >= 1));
        Assert.Equal(0, protection.Noise(0, 42));
    }
}
