using System.Text;
using DataHub.Connectors;
using DataHub.Hub.Statistics;

namespace DataHub.Hub.Quality;

/// <summary>
/// The <c>dataQuality</c> figure's source: the newest finished reconciliation run, counted in its store. A record
/// checked by a rule is one of two cells, <c>failed</c> (its finding is stored) or <c>clean</c>; the dimensions are
/// the rule's source, the rule and that outcome, so share clean = clean / (clean + failed). Counts of failed records
/// go through the same cell protection as any figure: their record keys are the findings' keys; a clean cell's key is
/// fixed by its rule's code (no clean record is stored), so the same cell always carries the same noise.
/// </summary>
/// <remarks>
/// The store groups the findings per rule (one row per rule, a few dozen); the requested dimensions are then summed
/// from those rows here, never from findings.
/// </remarks>
public sealed class QualityAggregates(QualityStore store, QualityRuleSet rules) : IHubFigureSource
{
    public const string SourceName = StatisticsFigure.HubSourcePrefix + "quality";

    public const string Clean = "clean";
    public const string Failed = "failed";

    public string Name => SourceName;

    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        var cells = new List<(string Source, string Rule, string Outcome, long Count, long KeySum)>();
        foreach (var rule in await store.LatestAggregatesAsync(query.RecordKeys, cancellationToken))
        {
            var source = rules.Find(rule.Rule)?.Source ?? "";
            cells.Add((source, rule.Rule, Failed, rule.Failed, rule.FailedKeySum));
            cells.Add((source, rule.Rule, Clean, rule.Checked - rule.Failed, CleanKey(rule.Rule, query.RecordKeys)));
        }

        var modulus = query.RecordKeys?.Modulus ?? 1;
        return cells.Where(c => c.Count > 0)
            .GroupBy(c => string.Join('\u001f', query.GroupBy.Select(d => Value(c, d.Field))))
            .Select(g => new AggregateRow(
                query.GroupBy.Select(d => (string?)Value(g.First(), d.Field)).ToList(),
                g.Sum(c => c.Count),
                null,
                query.RecordKeys is null ? null : g.Aggregate(0L, (sum, c) => (sum + c.KeySum) % modulus)))
            .ToList();
    }

    private static string Value((string Source, string Rule, string Outcome, long Count, long KeySum) cell, string dimension) => dimension switch
    {
        "source" => cell.Source,
        "rule" => cell.Rule,
        "outcome" => cell.Outcome,
        _ => throw new ArgumentException($"'{dimension}' is not a dimension of data quality.", nameof(dimension)),
    };

    // A fixed key per rule (FNV-1a of its code, mixed as a record key is).
    private static long CleanKey(string rule, RecordKeys? keys)
    {
        if (keys is null)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(rule))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return ((hash % keys.Modulus * keys.Multiplier) + keys.Offset) % keys.Modulus;
    }
}
