namespace DataHub.Hub.Quality;

/// <summary>The newest finished run's scores, as one caller may see them (a department: only the rules it owns).</summary>
public sealed record QualityReport(long? RunId, DateTime? StartedAt, DateTime? FinishedAt, IReadOnlyList<SourceScore> Sources);

/// <summary>One source's score: all its rules' checks together.</summary>
public sealed record SourceScore(string Source, long Checked, long Failed, IReadOnlyList<RuleScore> Rules)
{
    public double ShareClean => Checked == 0 ? 1 : 1 - ((double)Failed / Checked);
}

/// <summary>
/// One rule's score in the run, its share clean over the previous runs (oldest first, this run last), and the keys of
/// its failing records (bounded; the CSV export has them all).
/// </summary>
public sealed record RuleScore(QualityRule Rule, long Checked, long Failed, IReadOnlyList<double> Trend, IReadOnlyList<QualityFinding> Failing)
{
    public double ShareClean => Checked == 0 ? 1 : 1 - ((double)Failed / Checked);
}
