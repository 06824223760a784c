using DataHub.Hub.Quality;
using DataHub.Tests.Composition;

namespace DataHub.Tests.Quality;

/// <summary>The rule definitions read without a hub: the declared freshness windows, and what stops the start.</summary>
public sealed class QualityRuleSetTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "datahub-rules-" + Guid.NewGuid().ToString("N"));

    public QualityRuleSetTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void The_stale_rule_takes_the_window_its_source_declares()
    {
        var rules = QualityRuleSet.Load(SchemaFolder.RepositorySchemaDirectory, (_, _) => true);

        var stale = rules.Find("live.insurance-card-not-updated");

        Assert.NotNull(stale);
        Assert.Equal(QualityCheck.Stale, stale.Check.Kind);
        Assert.Equal(new Freshness("updatedOn", 365), stale.Check.Freshness);
        Assert.All(rules.Rules.Where(r => r.Check.Kind != QualityCheck.Stale), r => Assert.Null(r.Check.Freshness));
    }

    [Fact]
    public void A_stale_rule_on_a_source_that_declares_no_window_stops_the_start_naming_the_rule()
    {
        File.WriteAllText(Path.Combine(_folder, QualityRuleSet.FileName), """
            {
              "freshness": { "land": { "field": "issuedOn", "days": 30 } },
              "rules": [{
                "code": "live.card-stale", "dimension": "live", "owner": "bhxh", "severity": "low", "description": "d",
                "check": { "kind": "stale", "record": "health-insurance:Citizen.insuranceCard" }
              }]
            }
            """);

        var refused = Assert.Throws<InvalidDataException>(() => QualityRuleSet.Load(_folder, (_, _) => true));

        Assert.Contains("live.card-stale", refused.Message);
        Assert.Contains("health-insurance", refused.Message);
        Assert.Contains("freshness", refused.Message);
    }

    [Theory]
    [InlineData("""{ "field": "updatedOn", "days": 0 }""")]
    [InlineData("""{ "field": "updatedOn" }""")]
    [InlineData("""{ "days": 30 }""")]
    public void A_window_without_a_field_or_a_positive_number_of_days_stops_the_start(string window)
    {
        File.WriteAllText(Path.Combine(_folder, QualityRuleSet.FileName), $$"""{ "freshness": { "health-insurance": {{window}} }, "rules": [] }""");

        var refused = Assert.Throws<InvalidDataException>(() => QualityRuleSet.Load(_folder, (_, _) => true));

        Assert.Contains(QualityRuleSet.FileName, refused.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
