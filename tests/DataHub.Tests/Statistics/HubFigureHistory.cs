using System.Globalization;
using DataHub.Hub.Events;
using DataHub.Hub.Quality;

namespace DataHub.Tests.Statistics;

/// <summary>
/// A known history for the figures counted in the hub's own stores, written straight into the stores (as the hub keeps
/// them): liên thông dossiers in the event store, reconciliation runs in the quality store.
/// </summary>
public static class HubFigureHistory
{
    /// <summary>
    /// 12 births done in 90 minutes (target: 60 per step, 120) and 3 in 200 minutes, filed in March 2026; 11 stalled
    /// after filing in April; 2 filed just now (waiting); 10 deaths done in 40 minutes in April; and a second, later
    /// answer to the first filing (the dossier keeps its first).
    /// </summary>
    public static List<LifeEvent> Dossiers(DateTime now)
    {
        var events = new List<LifeEvent>();
        var person = 0;
        Guid Add(string kind, string by, DateTime at, Guid? causedBy, string personalId)
        {
            var e = new LifeEvent
            {
                Id = Guid.NewGuid(),
                Kind = kind,
                PublishedBy = by,
                OccurredAt = at,
                PublishedAt = at,
                PersonalId = personalId,
                CausedBy = causedBy,
            };
            events.Add(e);
            return e.Id;
        }

        void Birth(DateTime filed, int? residenceAfter, int? cardAfter)
        {
            var child = (++person).ToString("000000000000", CultureInfo.InvariantCulture);
            var filing = Add("BirthRegistered", "so-tu-phap", filed, null, child);
            if (residenceAfter is { } r)
            {
                var residence = Add("PermanentResidenceRegistered", "cong-an", filed.AddMinutes(r), filing, child);
                if (cardAfter is { } c)
                {
                    Add("InsuranceCardIssued", "bhxh", filed.AddMinutes(c), residence, child);
                }
            }
        }

        var march = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 12; i++)
        {
            Birth(march.AddHours(i), 30, 90);
        }

        Add("PermanentResidenceRegistered", "cong-an", march.AddMinutes(40), events[0].Id, events[0].PersonalId);
        for (var i = 0; i < 3; i++)
        {
            Birth(march.AddDays(8).AddHours(i), 100, 200);
        }

        for (var i = 0; i < 11; i++)
        {
            Birth(march.AddDays(30).AddHours(i), null, null);
        }

        Birth(now.AddMinutes(-5), null, null);
        Birth(now.AddMinutes(-4), null, null);
        for (var i = 0; i < 10; i++)
        {
            var died = (++person).ToString("000000000000", CultureInfo.InvariantCulture);
            var filed = march.AddDays(34).AddHours(i);
            var filing = Add("DeathRegistered", "so-tu-phap", filed, null, died);
            var removed = Add("PermanentResidenceRemoved", "cong-an", filed.AddMinutes(20), filing, died);
            Add("FuneralAllowanceOpened", "so-ldtbxh", filed.AddMinutes(40), removed, died);
        }

        return events;
    }

    /// <summary>A finished run of two rules: checked and failed counts, the failing keys made up (12 digits each).</summary>
    public static async Task StoreRunAsync(QualityStore store, string first, long firstChecked, int firstFailed, string second, long secondChecked, int secondFailed)
    {
        var run = await store.StartAsync([first, second], CancellationToken.None);
        QualityFinding[] Findings(string rule, int count) =>
            Enumerable.Range(1, count).Select(i => new QualityFinding(rule, (900_000_000_000L + i).ToString(CultureInfo.InvariantCulture), "test")).ToArray();
        await store.CommitBatchAsync(run.Id, 0, null, new Dictionary<string, long> { [first] = firstChecked, [second] = secondChecked },
            [.. Findings(first, firstFailed), .. Findings(second, secondFailed)], new Dictionary<string, int>(), CancellationToken.None);
        await store.SetStatusAsync(run.Id, QualityRun.Finished, CancellationToken.None);
    }
}
