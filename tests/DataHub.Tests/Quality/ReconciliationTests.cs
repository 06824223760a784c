using DataHub.Hub.Events;
using DataHub.Hub.Quality;
using DataHub.SyntheticData;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DataHub.Tests.Quality;

/// <summary>
/// The reconciliation measured against the generator's manifest of damaged records: every rule finds exactly what was
/// injected (precision and recall 1.0) at two rates, and nothing on consistent data.
/// </summary>
public sealed class ReconciliationTests(ITestOutputHelper output)
{
    private const int Citizens = 4_000;

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.01)]
    public async Task Every_rule_finds_exactly_the_records_the_generator_damaged(double rate)
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, rate);

        var run = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);
        var found = await data.FindingsAsync(run.RunId);

        Assert.True(run.Finished);
        var injected = data.Manifest.Entries.Select(e => (e.Rule, e.Key)).ToHashSet();
        output.WriteLine($"rate {rate:P1}, {Citizens} citizens: rule | injected | found | precision | recall");
        foreach (var rule in data.Engine.Rules.Rules)
        {
            var truth = injected.Where(i => i.Rule == rule.Code).ToHashSet();
            var hits = found.Where(f => f.Rule == rule.Code).ToHashSet();
            var correct = hits.Intersect(truth).Count();
            output.WriteLine($"{rule.Code} | {truth.Count} | {hits.Count} | {(hits.Count == 0 ? 1 : (double)correct / hits.Count):F2} | {(truth.Count == 0 ? 1 : (double)correct / truth.Count):F2}");
        }

        Assert.Equal(injected.Order().ToList(), found.Order().ToList());
        if (rate >= 0.05)
        {
            // Every kind of damage was made (and so every rule it measures had something to find).
            Assert.Equal(DiscrepancyKinds.All.Select(k => k.Rule).Order(), data.Manifest.Entries.Select(e => e.Rule).Distinct().Order());
        }
    }

    [Fact]
    public async Task Consistent_data_has_no_findings()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0);

        var run = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);

        Assert.Empty(data.Manifest.Entries);
        Assert.Empty(await data.FindingsAsync(run.RunId));
        Assert.All(await data.Engine.Store.CountsAsync(run.RunId, CancellationToken.None), c => Assert.True(c.Checked > 0, $"{c.Rule} checked nothing"));
    }

    [Fact]
    public async Task A_stopped_and_resumed_run_ends_with_what_an_uninterrupted_run_holds()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0.05);
        var whole = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);

        var stopped = await data.Engine.RunAsync(null, false, 3, null, CancellationToken.None);
        var resumed = await data.Engine.RunAsync(null, true, null, null, CancellationToken.None);

        Assert.False(stopped.Finished);
        Assert.Equal(3, stopped.Batches);
        Assert.True(resumed.Finished);
        Assert.Equal(stopped.RunId, resumed.RunId);
        Assert.Equal(await data.FindingsAsync(whole.RunId), await data.FindingsAsync(resumed.RunId));
        Assert.Equal(
            await data.Engine.Store.CountsAsync(whole.RunId, CancellationToken.None) is var a ? a.Select(c => (c.Rule, c.Checked, c.Failed)) : [],
            (await data.Engine.Store.CountsAsync(resumed.RunId, CancellationToken.None)).Select(c => (c.Rule, c.Checked, c.Failed)));
        Assert.Equal(whole.SourceCalls.OrderBy(c => c.Key), resumed.SourceCalls.OrderBy(c => c.Key));
    }

    [Fact]
    public async Task A_rule_runs_on_its_own_and_calls_only_the_sources_it_needs()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0.05);
        const string Rule = "complete.citizen-14-without-id-card";

        var run = await data.Engine.RunAsync([Rule], false, null, null, CancellationToken.None);

        Assert.Equal([Rule], (await data.Engine.Store.CountsAsync(run.RunId, CancellationToken.None)).Select(c => c.Rule));
        Assert.Equal(
            data.Manifest.Entries.Where(e => e.Rule == Rule).Select(e => (e.Rule, e.Key)).Order(),
            (await data.FindingsAsync(run.RunId)).Order());

        // Population in batches, and the civil registry's deaths (who is alive) for the same batches: one call each.
        Assert.Equal(["civil-registration", "population"], run.SourceCalls.Keys.Order());
        Assert.Equal((Citizens + 399) / 400, run.SourceCalls["population"]);
        Assert.Equal(run.SourceCalls["population"], run.SourceCalls["civil-registration"]);
    }

    [Fact]
    public async Task Rechecking_citizens_replaces_their_findings_and_no_one_elses()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0.05);
        const string Rule = "complete.citizen-14-without-id-card";
        var run = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);
        var before = await data.FindingsAsync(run.RunId);
        var damaged = data.Manifest.Entries.Where(e => e.Rule == Rule).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var repaired = damaged[0];
        var untouched = damaged[1];
        var healthy = FirstHealthyAdult(data, before);

        // The police issue the missing card to one citizen and, by mistake, clear another's.
        data.Execute("population.db", "UPDATE citizens SET id_card_number = personal_id WHERE personal_id = $id", ("$id", repaired));
        data.Execute("population.db", "UPDATE citizens SET id_card_number = NULL, id_card_issued_on = NULL, id_card_issued_by = NULL, id_card_expires_on = NULL WHERE personal_id = $id", ("$id", healthy));
        await data.Engine.RecheckAsync([repaired, healthy], CancellationToken.None);
        var after = await data.FindingsAsync(run.RunId);

        Assert.DoesNotContain((Rule, repaired), after);
        Assert.Contains((Rule, healthy), after);
        Assert.Contains((Rule, untouched), after);
        Assert.Equal(before.Where(f => f.Key != repaired && f.Key != healthy).Order(), after.Where(f => f.Key != repaired && f.Key != healthy).Order());
        var count = (await data.Engine.Store.CountsAsync(run.RunId, CancellationToken.None)).Single(c => c.Rule == Rule);
        Assert.Equal(damaged.Count, count.Failed);
    }

    [Fact]
    public async Task A_life_event_rechecks_the_citizen_it_is_about()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0.05);
        const string Rule = "complete.citizen-14-without-id-card";
        var run = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);
        var before = await data.FindingsAsync(run.RunId);
        var healthy = FirstHealthyAdult(data, before);

        // The police clear a citizen's card in their own database, then a life event about that citizen reaches the hub.
        data.Execute("population.db", "UPDATE citizens SET id_card_number = NULL, id_card_issued_on = NULL, id_card_issued_by = NULL, id_card_expires_on = NULL WHERE personal_id = $id", ("$id", healthy));
        Assert.DoesNotContain((Rule, healthy), await data.FindingsAsync(run.RunId));
        await data.Hub.Services.GetRequiredService<LifeEventStore>().PublishAsync(
            new LifeEvent { Id = Guid.NewGuid(), Kind = "PermanentResidenceRegistered", PublishedBy = "cong-an", PersonalId = healthy }, CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var after = await data.FindingsAsync(run.RunId);
        while (!after.Contains((Rule, healthy)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            after = await data.FindingsAsync(run.RunId);
        }

        Assert.Contains((Rule, healthy), after);
        Assert.Equal(before.Order(), after.Where(f => f.Key != healthy).Order());
    }

    [Fact]
    public async Task Rechecking_a_citizen_finds_a_card_changed_since_the_run_by_the_insurance_card_rules()
    {
        await using var data = await QualityDataSet.CreateAsync(Citizens, 0.05);
        var run = await data.Engine.RunAsync(null, false, null, null, CancellationToken.None);
        var before = await data.FindingsAsync(run.RunId);
        var holder = FirstHealthyAdult(data, before, "health-insurance");

        // Social Security's own application types the holder's name without diacritics and leaves the record unchecked for two years.
        data.Execute("departments/health-insurance.db",
            "UPDATE insurance_cards SET holder_full_name = 'Nguyen Van Sai', updated_on = '2024-01-01' WHERE holder_personal_id = $id", ("$id", holder));
        await data.Engine.RecheckAsync([holder], CancellationToken.None);
        var after = await data.FindingsAsync(run.RunId);

        Assert.Equal(
            [("correct.insurance-card-name", holder), ("live.insurance-card-not-updated", holder)],
            after.Where(f => f.Key == holder).Order().ToList());
        Assert.Equal(before.Order(), after.Where(f => f.Key != holder).Order());
    }

    /// <summary>A living adult with an identity card, no finding and no damage; with <paramref name="holdingCardIn"/>, one holding exactly one insurance card.</summary>
    private static string FirstHealthyAdult(QualityDataSet data, HashSet<(string Rule, string Key)> findings, string? holdingCardIn = null)
    {
        var cards = holdingCardIn is null ? null : CardCounts(data);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data.DataDirectory, "population.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT personal_id FROM citizens WHERE date_of_death IS NULL AND id_card_number IS NOT NULL AND date_of_birth < '1990-01-01' ORDER BY personal_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!findings.Any(f => f.Key == id) && !data.Manifest.Entries.Any(e => e.PersonalId == id) && (cards is null || cards.GetValueOrDefault(id) == 1))
            {
                return id;
            }
        }

        throw new InvalidOperationException("No healthy adult in the data set.");
    }

    private static Dictionary<string, int> CardCounts(QualityDataSet data)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data.DataDirectory, "departments", "health-insurance.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT holder_personal_id, count(*) FROM insurance_cards GROUP BY holder_personal_id";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }
}
