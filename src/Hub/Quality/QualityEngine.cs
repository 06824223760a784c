using System.Collections.Concurrent;
using System.Globalization;
using DataHub.Connectors;
using DataHub.Domain;
using DataHub.Hub.Composition;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Quality;

/// <summary>
/// Runs the reconciliation rules. It reads population's citizens in key order, a batch at a time, and for each batch
/// asks every other source the rules need for that batch's records in one call per source and field (never one call
/// per citizen); then it reads the records of each other type a rule judges (land rights, benefit cases) in key
/// order, looking their holders up in population one batch at a time. Everything goes through the sources'
/// connectors. Each batch commits its findings and cursor; a stopped run resumes where it stopped.
/// </summary>
public sealed class QualityEngine(
    IReadOnlyDictionary<string, ISourceConnector> connectors, CompositeSchema composite, QualityRuleSet ruleSet, QualityStore store,
    IOptions<QualityOptions> options)
{
    public const string PopulationSource = "population";
    private const string CivilRegistration = "civil-registration";
    private const string DeathRegistration = "deathRegistration";

    private readonly QualityOptions _options = options.Value;

    public QualityRuleSet Rules => ruleSet;

    public QualityStore Store => store;

    private DateOnly ReferenceDate => string.IsNullOrWhiteSpace(_options.ReferenceDate)
        ? DateOnly.FromDateTime(DateTime.UtcNow)
        : DateOnly.ParseExact(_options.ReferenceDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts a run of <paramref name="ruleCodes"/> (all rules when empty), or with <paramref name="resume"/> goes on with
    /// the newest unfinished one. Stops, resumable, when <paramref name="cancellationToken"/> fires or after
    /// <paramref name="maxBatches"/> batches.
    /// </summary>
    public async Task<QualityRunResult> RunAsync(
        IReadOnlyCollection<string>? ruleCodes, bool resume, int? maxBatches, IProgress<QualityProgress>? progress, CancellationToken cancellationToken)
    {
        var run = resume ? await store.UnfinishedAsync(CancellationToken.None) : null;
        if (resume && run is null)
        {
            throw new InvalidOperationException("There is no unfinished run to resume.");
        }

        run ??= await store.StartAsync(Select(ruleCodes).Select(r => r.Code).ToList(), CancellationToken.None);
        var rules = run.Rules.Select(code => ruleSet.Find(code) ?? throw new InvalidOperationException($"The rule '{code}' no longer exists.")).ToList();
        var calls = new ConcurrentDictionary<string, int>(await store.SourceCallsAsync(run.Id, CancellationToken.None));
        var phases = Phases(rules);
        var batches = 0;
        var cursor = run.Cursor;
        for (var phase = run.Phase; phase < phases.Count; phase++)
        {
            var (source, type) = phases[phase];
            var phaseRules = rules.Where(r => (r.Check.Type == "Citizen" ? (PopulationSource, "Citizen") : (r.Source, r.Check.Type)) == (source, type)).ToList();
            while (true)
            {
                if (cancellationToken.IsCancellationRequested || batches >= maxBatches)
                {
                    await store.SetStatusAsync(run.Id, QualityRun.Stopped, CancellationToken.None);
                    return new QualityRunResult(run.Id, false, batches, calls);
                }

                var keyField = composite.GetType(type).KeyField!;
                var fields = type == "Citizen" ? CitizenFields : [keyField, .. phaseRules.Select(r => r.Check.Field).Distinct()];
                var page = await Call(calls, source, () => connectors[source].ListAsync(new ListQuery(
                    type, cursor is null ? null : new FieldCondition(keyField, FilterOperator.Gt, cursor), [new SortField(keyField, false)],
                    0, _options.BatchSize, fields, false), CancellationToken.None));
                if (page.Rows.Count == 0)
                {
                    break;
                }

                var (checkedByRule, findings) = type == "Citizen"
                    ? await CheckCitizensAsync(phaseRules, page.Rows, calls)
                    : await CheckRecordsAsync(phaseRules, page.Rows, calls);
                cursor = page.Rows[^1].Key;
                var next = page.HasNextPage ? (phase, cursor) : (phase + 1, (string?)null);
                await store.CommitBatchAsync(run.Id, next.Item1, next.Item2, checkedByRule, findings, calls, CancellationToken.None);
                batches++;
                progress?.Report(new QualityProgress(type == "Citizen" ? "citizens" : $"{source}:{type}", run.Batches + batches, page.Rows.Count));
                if (!page.HasNextPage)
                {
                    break;
                }
            }

            cursor = null;
        }

        await store.SetStatusAsync(run.Id, QualityRun.Finished, CancellationToken.None);
        return new QualityRunResult(run.Id, true, batches, calls);
    }

    /// <summary>
    /// Re-checks the given citizens against the per-citizen rules of the newest finished run and replaces their findings
    /// there (what a liên thông event about them calls for): the same reads as a batch of a full run, for these keys only.
    /// </summary>
    public async Task<IReadOnlyList<QualityFinding>> RecheckAsync(IReadOnlyCollection<string> personalIds, CancellationToken cancellationToken)
    {
        var run = (await store.FinishedAsync(1, cancellationToken)).FirstOrDefault()
            ?? throw new InvalidOperationException("There is no finished run to update.");
        var rules = run.Rules.Select(ruleSet.Find).OfType<QualityRule>().Where(r => r.Check.Type == "Citizen").ToList();
        var keys = personalIds.Distinct(StringComparer.Ordinal).ToList();
        var calls = new ConcurrentDictionary<string, int>();
        var rows = await Call(calls, PopulationSource, () => connectors[PopulationSource].LookupAsync("Citizen", keys, CitizenFields, cancellationToken));
        var (_, findings) = await CheckCitizensAsync(rules, keys.Where(rows.ContainsKey).Select(k => rows[k]).ToList(), calls);
        await store.ReplaceFindingsAsync(run.Id, rules.Select(r => r.Code).ToList(), keys, findings, cancellationToken);
        return findings;
    }

    private static readonly string[] CitizenFields = ["personalId", "fullName", "dateOfBirth", "sex", "dateOfDeath", "father", "mother", "idCard"];

    private IReadOnlyList<QualityRule> Select(IReadOnlyCollection<string>? codes)
    {
        if (codes is null || codes.Count == 0)
        {
            return ruleSet.Rules;
        }

        return codes.Select(code => ruleSet.Find(code) ?? throw new ArgumentException($"'{code}' is not a rule of {QualityRuleSet.FileName}.")).ToList();
    }

    /// <summary>Citizens first, then each other type a rule judges, in a fixed order (the checkpoint names a phase by its index).</summary>
    private static List<(string Source, string Type)> Phases(IReadOnlyList<QualityRule> rules)
    {
        var phases = new List<(string, string)>();
        if (rules.Any(r => r.Check.Type == "Citizen"))
        {
            phases.Add((PopulationSource, "Citizen"));
        }

        phases.AddRange(rules.Where(r => r.Check.Type != "Citizen").Select(r => (r.Source, r.Check.Type)).Distinct().Order());
        return phases;
    }

    private async Task<(Dictionary<string, long>, List<QualityFinding>)> CheckCitizensAsync(
        IReadOnlyList<QualityRule> rules, IReadOnlyList<SourceRow> citizens, ConcurrentDictionary<string, int> calls)
    {
        var keys = citizens.Select(c => c.Key).ToList();

        // One call per source and field for the whole batch; the sources are asked at once.
        var reads = rules.Where(r => r.Source != PopulationSource).Select(r => (r.Source, r.Check.Field)).ToHashSet();
        if (rules.Any(r => r.Check.NeedsDeaths || r.Check.Kind == QualityCheck.DeadElsewhere))
        {
            reads.Add((CivilRegistration, DeathRegistration));
        }

        var collected = await Task.WhenAll(reads.Select(async read =>
        {
            var itemFields = ItemFields(rules, read.Source, read.Field);
            var rows = keys.Count == 0 ? new Dictionary<string, IReadOnlyList<SourceRow>>()
                : await Call(calls, read.Source, () => connectors[read.Source].CollectAsync("Citizen", read.Field, keys, itemFields, CancellationToken.None));
            return (read, rows);
        }));
        var records = collected.ToDictionary(c => c.read, c => c.rows);
        IReadOnlyList<SourceRow> RecordsOf(string source, string field, string key) =>
            records.TryGetValue((source, field), out var byKey) && byKey.TryGetValue(key, out var list) ? list : [];

        var today = ReferenceDate;
        var checkedByRule = rules.ToDictionary(r => r.Code, _ => 0L);
        var findings = new List<QualityFinding>();
        foreach (var citizen in citizens)
        {
            var death = RecordsOf(CivilRegistration, DeathRegistration, citizen.Key).FirstOrDefault();
            var populationDeath = citizen["dateOfDeath"] as DateOnly?;
            var diedOn = populationDeath ?? AsDate(death?["dateOfDeath"]);
            foreach (var rule in rules)
            {
                var check = rule.Check;
                var own = check.Source == PopulationSource ? OwnField(citizen, check.Field) : RecordsOf(check.Source, check.Field, citizen.Key);
                var (applies, detail) = Evaluate(check, citizen, own, death, populationDeath, diedOn, today);
                if (applies)
                {
                    checkedByRule[rule.Code]++;
                }

                if (detail is not null)
                {
                    findings.Add(new QualityFinding(rule.Code, citizen.Key, detail));
                }
            }
        }

        return (checkedByRule, findings);
    }

    /// <summary>A population field as a record: none when null (an embedded object with no value at all is none too).</summary>
    private static IReadOnlyList<SourceRow> OwnField(SourceRow citizen, string field) => citizen[field] switch
    {
        null => [],
        SourceRow embedded when embedded.Values.Values.All(v => v is null) => [],
        SourceRow embedded => [embedded],
        var value => [new SourceRow(citizen.Key, new Dictionary<string, object?> { [field] = value })],
    };

    /// <summary>Whether the rule applies to this citizen, and why it fails (null: it holds).</summary>
    private static (bool Applies, string? Failure) Evaluate(
        QualityCheck check, SourceRow citizen, IReadOnlyList<SourceRow> own, SourceRow? death, DateOnly? populationDeath, DateOnly? diedOn, DateOnly today)
    {
        switch (check.Kind)
        {
            case QualityCheck.Differs when own.Count > 0:
                // Only values both sides hold: a value one side lacks is another rule's finding (e.g. a death population misses).
                var differing = check.Fields.Where(f => Text(own[0][f.Key]) is { } theirs && Text(citizen[f.Value]) is { } ours && theirs != ours)
                    .Select(f => $"{f.Key} differs from population's {f.Value}").ToList();
                return (true, differing.Count > 0 ? string.Join("; ", differing) : null);
            case QualityCheck.Missing:
                var alive = diedOn is null;
                var age = citizen["dateOfBirth"] is DateOnly born ? AgeOn(born, today.AddDays(-check.GraceDays)) : -1;
                var applies = (check.Alive is null || check.Alive == alive)
                    && (check.AgeBelow is null || age < check.AgeBelow) && (check.AgeAtLeast is null || age >= check.AgeAtLeast);
                return (applies, applies && own.Count == 0 ? $"no {check.Field} in {check.Source}" : null);
            case QualityCheck.Duplicate when own.Count > 0:
                return (true, own.Count > 1 ? $"{own.Count} {check.Field} records" : null);
            case QualityCheck.DeadElsewhere when death is not null:
                return (true, populationDeath is null ? "died per the death registration; alive in population" : null);
            case QualityCheck.AfterDeath when diedOn is { } died:
                var inForce = own.Where(r => check.Where.All(w => w.Value.Contains(Text(r[w.Key]) ?? "")))
                    .Where(r => check.Until is null || AsDate(r[check.Until]) is not { } until || until > died).ToList();
                return (true, inForce.Count > 0 ? $"{inForce.Count} {check.Field} in force after the death on {died:yyyy-MM-dd}" : null);
            case QualityCheck.InvalidPersonalId:
                return (true, ProblemOf(citizen.Key, check.MatchBirth ? citizen : null));
            case QualityCheck.Stale when own.Count > 0 && check.Freshness is { } window:
                // A record with no update time says nothing about its age: not judged stale.
                var oldest = own.Select(r => AsDate(r[window.Field])).OfType<DateOnly>().DefaultIfEmpty(DateOnly.MaxValue).Min();
                return (true, oldest < today.AddDays(-window.Days)
                    ? $"{check.Field} last updated on {oldest:yyyy-MM-dd}, more than {window.Days} days ago"
                    : null);
            default:
                return (false, null);
        }
    }

    private async Task<(Dictionary<string, long>, List<QualityFinding>)> CheckRecordsAsync(
        IReadOnlyList<QualityRule> rules, IReadOnlyList<SourceRow> records, ConcurrentDictionary<string, int> calls)
    {
        var checkedByRule = rules.ToDictionary(r => r.Code, _ => 0L);
        var findings = new List<QualityFinding>();
        var holders = records.SelectMany(r => rules.Select(rule => Text(r[rule.Check.Field]))).OfType<string>()
            .Where(id => PersonalId.TryParse(id, out _)).Distinct(StringComparer.Ordinal).ToList();
        var known = rules.Any(r => r.Check.Kind == QualityCheck.NotInPopulation) && holders.Count > 0
            ? await Call(calls, PopulationSource, () => connectors[PopulationSource].LookupAsync("Citizen", holders, ["personalId"], CancellationToken.None))
            : new Dictionary<string, SourceRow>();
        foreach (var record in records)
        {
            foreach (var rule in rules)
            {
                var holder = Text(record[rule.Check.Field]) ?? "";
                checkedByRule[rule.Code]++;
                var problem = rule.Check.Kind switch
                {
                    QualityCheck.InvalidPersonalId => ProblemOf(holder, null),
                    QualityCheck.NotInPopulation when PersonalId.TryParse(holder, out _) && !known.ContainsKey(holder) => "the holder is not in population",
                    _ => null,
                };
                if (problem is not null)
                {
                    findings.Add(new QualityFinding(rule.Code, record.Key, problem));
                }
            }
        }

        return (checkedByRule, findings);
    }

    /// <summary>What is wrong with a personal ID (null: nothing); with the citizen, whether it encodes their birth year and sex.</summary>
    private static string? ProblemOf(string id, SourceRow? citizen)
    {
        if (!PersonalId.TryParse(id, out var parsed, out var problem))
        {
            return problem;
        }

        return citizen is not null && citizen["dateOfBirth"] is DateOnly born && citizen["sex"] is string sex
            && !parsed.MatchesBirth(born, sex == "FEMALE" ? Sex.Female : Sex.Male)
            ? "the century, sex and year digits do not match the citizen's birth"
            : null;
    }

    /// <summary>The fields to ask for on a collected record: those the rules compare, or its first scalar to see it exists.</summary>
    private IReadOnlyCollection<string> ItemFields(IEnumerable<QualityRule> rules, string source, string field)
    {
        var itemType = composite.GetType(composite.GetType("Citizen").FindField(field)!.Type.Name);
        var fields = new HashSet<string>(StringComparer.Ordinal) { itemType.Fields.First(f => !f.Type.IsList).Name };
        foreach (var rule in rules.Where(r => r.Source == source && r.Check.Field == field))
        {
            fields.UnionWith(rule.Check.Fields.Keys);
            fields.UnionWith(rule.Check.Where.Keys);
            if (rule.Check.Until is { } until)
            {
                fields.Add(until);
            }

            if (rule.Check.Freshness is { } window)
            {
                fields.Add(window.Field);
            }
        }

        if (field == DeathRegistration)
        {
            fields.Add("dateOfDeath");
        }

        return fields;
    }

    private static async Task<T> Call<T>(ConcurrentDictionary<string, int> calls, string source, Func<Task<T>> call)
    {
        calls.AddOrUpdate(source, 1, (_, n) => n + 1);
        return await call();
    }

    private static int AgeOn(DateOnly born, DateOnly on)
    {
        var age = on.Year - born.Year;
        return born.AddYears(age) > on ? age - 1 : age;
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        string text when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        SourceRow row => row.Key,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
