using System.Data.Common;
using System.Globalization;
using System.Text;
using DataHub.Connectors;
using DataHub.Hub.Events;
using DataHub.Hub.Statistics;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Dossiers;

/// <summary>
/// The <c>dossierTimes</c> figure's source: dossiers counted where they live, in the event store, by one SQL
/// <c>GROUP BY</c>. Each chain's dossiers are its filing events joined to the first answer of each next step (as
/// <see cref="DossierReader"/> takes them); the groups are the chain, the month filed, the state (DONE, WAITING,
/// FAILED: a step not taken within the chain's wait) and the outcome (<c>done-in-target</c>: done within the chain's
/// target of <c>waitMinutes</c> per step; <c>done-late</c>, <c>waiting</c>, <c>failed</c>). The sum is the hours from
/// filing to the last step, of the done dossiers. Record keys come from the filing citizen's personal ID.
/// </summary>
public sealed class DossierAggregates(IDbContextFactory<EventDbContext> factory, DossierChains chains, TimeProvider clock) : IHubFigureSource
{
    public const string SourceName = StatisticsFigure.HubSourcePrefix + "dossiers";

    public string Name => SourceName;

    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        if (chains.All.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var dimensions = query.GroupBy.Select((d, i) => $"d.{Column(d.Field)} AS k{i}").ToList();
        var groups = query.GroupBy.Select(d => "d." + Column(d.Field)).ToList();
        var keys = query.RecordKeys;
        var sql = new StringBuilder();
        sql.Append("SELECT ").Append(string.Join(", ", dimensions.Append("COUNT(*) AS n").Append("SUM(d.hours) AS hours")
            .Append(keys is null ? "NULL AS keysum" : $"SUM(d.recordkey) % {keys.Modulus.ToString(CultureInfo.InvariantCulture)} AS keysum")));
        sql.Append(" FROM (").Append(Dossiers(command, postgres, keys)).Append(") d");
        if (groups.Count > 0)
        {
            sql.Append(" GROUP BY ").Append(string.Join(", ", groups));
        }

        command.CommandText = sql.ToString();
        Parameter(command, "now", postgres ? clock.GetUtcNow().UtcDateTime : Text(clock.GetUtcNow().UtcDateTime));
        var rows = new List<AggregateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = Convert.ToInt64(reader.GetValue(groups.Count), CultureInfo.InvariantCulture);
            var hours = reader.IsDBNull(groups.Count + 1) ? (double?)null : Convert.ToDouble(reader.GetValue(groups.Count + 1), CultureInfo.InvariantCulture);
            var keySum = reader.IsDBNull(groups.Count + 2) ? (long?)null : Convert.ToInt64(reader.GetValue(groups.Count + 2), CultureInfo.InvariantCulture);
            var values = Enumerable.Range(0, groups.Count).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToList();
            rows.Add(new AggregateRow(values, count, hours is null ? null : Math.Round(hours.Value, 2), keySum));
        }

        return rows;
    }

    // One row per dossier: chain, filed month, state, outcome, hours to done, record key. Chains' codes, kinds and
    // waits are parameters; only column names and the provider's date functions are written into the text.
    private string Dossiers(DbCommand command, bool postgres, RecordKeys? keys)
    {
        var parts = new List<string>();
        for (var c = 0; c < chains.All.Count; c++)
        {
            var chain = chains.All[c];
            var last = chain.Steps.Count - 1;
            var joins = new StringBuilder();
            for (var s = 1; s <= last; s++)
            {
                var before = s == 1 ? "f" : $"s{s - 1}";
                joins.Append(CultureInfo.InvariantCulture, $" LEFT JOIN \"LifeEvents\" s{s} ON s{s}.\"Sequence\" = (SELECT MIN(x.\"Sequence\") FROM \"LifeEvents\" x WHERE x.\"CausedBy\" = {before}.\"Id\" AND x.\"Kind\" = @c{c}k{s})");
                Parameter(command, $"c{c}k{s}", chain.Steps[s].Kind);
            }

            Parameter(command, $"c{c}k0", chain.Steps[0].Kind);
            Parameter(command, $"c{c}code", chain.Code);
            Parameter(command, $"c{c}wait", (double)chain.WaitMinutes);
            Parameter(command, $"c{c}target", (double)(chain.WaitMinutes * last));
            var lastAt = "COALESCE(" + string.Join(", ", Enumerable.Range(1, last).Reverse().Select(s => $"s{s}.\"PublishedAt\"").Append("f.\"PublishedAt\"")) + ")";
            var done = $"s{last}.\"Sequence\" IS NOT NULL";
            var minutesWaiting = Minutes(postgres, "@now", lastAt);
            var minutesToDone = Minutes(postgres, $"s{last}.\"PublishedAt\"", "f.\"PublishedAt\"");
            var state = $"CASE WHEN {done} THEN 'DONE' WHEN {minutesWaiting} > @c{c}wait THEN 'FAILED' ELSE 'WAITING' END";
            var outcome = $"CASE WHEN {done} AND {minutesToDone} <= @c{c}target THEN 'done-in-target' WHEN {done} THEN 'done-late' WHEN {minutesWaiting} > @c{c}wait THEN 'failed' ELSE 'waiting' END";
            var month = postgres ? "to_char(f.\"PublishedAt\" AT TIME ZONE 'UTC', 'YYYY-MM')" : "strftime('%Y-%m', f.\"PublishedAt\")";
            var recordKey = keys is null
                ? "0"
                : FormattableString.Invariant($"(CAST(substr(f.\"PersonalId\", length(f.\"PersonalId\") - 6) AS BIGINT) * {keys.Multiplier} + {keys.Offset}) % {keys.Modulus}");
            parts.Add($"SELECT @c{c}code AS chain, {month} AS filedmonth, {state} AS state, {outcome} AS outcome, " +
                $"CASE WHEN {done} THEN {minutesToDone} / 60.0 END AS hours, {recordKey} AS recordkey " +
                $"FROM \"LifeEvents\" f{joins} WHERE f.\"Kind\" = @c{c}k0");
        }

        return string.Join(" UNION ALL ", parts);
    }

    private static string Minutes(bool postgres, string later, string earlier) => postgres
        ? $"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 60.0)"
        : $"((julianday({later}) - julianday({earlier})) * 1440.0)";

    private static string Column(string dimension) => dimension switch
    {
        "chain" => "chain",
        "filedMonth" => "filedmonth",
        "state" => "state",
        "outcome" => "outcome",
        _ => throw new ArgumentException($"'{dimension}' is not a dimension of dossiers.", nameof(dimension)),
    };

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // SQLite keeps EF Core's DateTime as text of this shape; julianday() reads it.
    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
