using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Quality;

/// <summary>
/// What the steward query, the console page and the CSV export show, built in one place: the newest finished run's
/// counts and findings for the rules a caller may see (<paramref name="owner"/>: one department's, null: every rule).
/// </summary>
public sealed class QualityReports(QualityRuleSet rules, QualityStore store, IOptions<QualityOptions> options)
{
    public async Task<QualityReport> ReportAsync(string? owner, int failingPerRule, CancellationToken cancellationToken)
    {
        var runs = await store.FinishedAsync(options.Value.TrendRuns, cancellationToken);
        if (runs.Count == 0)
        {
            return new QualityReport(null, null, null, []);
        }

        var latest = runs[0];
        var visible = rules.Rules.Where(r => (owner is null || r.Owner == owner) && latest.Rules.Contains(r.Code)).ToList();
        var history = new List<Dictionary<string, RuleCount>>();
        foreach (var run in runs.AsEnumerable().Reverse())
        {
            history.Add((await store.CountsAsync(run.Id, cancellationToken)).ToDictionary(c => c.Rule));
        }

        var counts = history[^1];
        var failing = (await store.FindingsAsync(latest.Id, visible.Select(r => r.Code).ToList(), failingPerRule, cancellationToken))
            .GroupBy(f => f.Rule).ToDictionary(g => g.Key, g => (IReadOnlyList<QualityFinding>)g.ToList());
        var sources = visible.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var scores = g.Select(rule =>
            {
                var count = counts.GetValueOrDefault(rule.Code) ?? new RuleCount(rule.Code, 0, 0);
                var trend = history.Where(h => h.ContainsKey(rule.Code)).Select(h => h[rule.Code])
                    .Select(c => c.Checked == 0 ? 1 : 1 - ((double)c.Failed / c.Checked)).ToList();
                return new RuleScore(rule, count.Checked, count.Failed, trend, failing.GetValueOrDefault(rule.Code) ?? []);
            }).ToList();
            return new SourceScore(g.Key, scores.Sum(s => s.Checked), scores.Sum(s => s.Failed), scores);
        }).ToList();
        return new QualityReport(latest.Id, latest.StartedAt, latest.FinishedAt, sources);
    }

    /// <summary>Every failing record of the newest run for the rules <paramref name="owner"/> must fix, as CSV (RFC 4180).</summary>
    public async Task<string> CsvAsync(string? owner, CancellationToken cancellationToken)
    {
        var runs = await store.FinishedAsync(1, cancellationToken);
        var csv = new StringBuilder("run,rule,dimension,severity,owner,source,key,problem\r\n");
        if (runs.Count == 0)
        {
            return csv.ToString();
        }

        var visible = rules.Rules.Where(r => owner is null || r.Owner == owner).ToDictionary(r => r.Code);
        foreach (var finding in await store.FindingsAsync(runs[0].Id, visible.Keys.ToList(), null, cancellationToken))
        {
            var rule = visible[finding.Rule];
            csv.AppendJoin(',', [runs[0].Id.ToString(CultureInfo.InvariantCulture), rule.Code, rule.Dimension, rule.Severity, rule.Owner, rule.Source,
                Quote(finding.Key), Quote(finding.Detail)]).Append("\r\n");
        }

        return csv.ToString();
    }

    // A cell a spreadsheet would run as a formula is quoted and prefixed (CSV injection).
    private static string Quote(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
