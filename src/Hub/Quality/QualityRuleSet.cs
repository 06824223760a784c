using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataHub.Hub.Quality;

/// <summary>The rules read from <c>schema/quality-rules.json</c>, checked on start: a bad definition stops the hub with its code.</summary>
public sealed class QualityRuleSet
{
    public const string FileName = "quality-rules.json";

    private QualityRuleSet(IReadOnlyList<QualityRule> rules) => Rules = rules;

    public IReadOnlyList<QualityRule> Rules { get; }

    public QualityRule? Find(string code) => Rules.FirstOrDefault(r => r.Code == code);

    /// <summary>Reads and checks the rules against the sources the hub knows (and the types they serve).</summary>
    public static QualityRuleSet Load(string schemaDirectory, Func<string, string, bool> sourceHasType)
    {
        var path = Path.Combine(schemaDirectory, FileName);
        if (!File.Exists(path))
        {
            return new QualityRuleSet([]);
        }

        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw Invalid("the file is empty");
        var freshness = new Dictionary<string, Freshness>(StringComparer.Ordinal);
        foreach (var (source, window) in root["freshness"]?.AsObject() ?? new JsonObject())
        {
            if (source.StartsWith('$'))
            {
                continue;
            }

            var days = window?["days"]?.GetValue<int>() ?? throw Invalid($"freshness of '{source}': 'days' is missing");
            freshness[source] = days > 0 ? new Freshness(Text(window, "field"), days) : throw Invalid($"freshness of '{source}': 'days' must be positive");
        }

        var rules = new List<QualityRule>();
        foreach (var node in root["rules"]?.AsArray() ?? throw Invalid("'rules' is missing"))
        {
            var code = Text(node, "code");
            var check = node!["check"] ?? throw Invalid($"{code}: 'check' is missing");
            var kind = Text(check, "kind");
            if (!QualityCheck.Kinds.Contains(kind))
            {
                throw Invalid($"{code}: '{kind}' is not a check ({string.Join(", ", QualityCheck.Kinds)})");
            }

            var record = Text(check, "record");
            var colon = record.IndexOf(':', StringComparison.Ordinal);
            var dot = record.LastIndexOf('.');
            if (colon <= 0 || dot <= colon + 1 || dot == record.Length - 1)
            {
                throw Invalid($"{code}: record '{record}' is not source:Type.field");
            }

            var (source, type, field) = (record[..colon], record[(colon + 1)..dot], record[(dot + 1)..]);
            if (!sourceHasType(source, type))
            {
                throw Invalid($"{code}: the source '{source}' serves no type '{type}'");
            }

            var when = check["when"];
            var rule = new QualityRule(
                code,
                Text(node, "dimension"),
                Text(node, "owner"),
                Text(node, "severity"),
                Text(node, "description"),
                new QualityCheck(
                    kind, source, type, field,
                    check["fields"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [],
                    when?["alive"]?.GetValue<bool>(),
                    when?["ageBelow"]?.GetValue<int>(),
                    when?["ageAtLeast"]?.GetValue<int>(),
                    check["until"]?.GetValue<string>(),
                    check["where"]?.AsObject().ToDictionary(
                        p => p.Key, p => (IReadOnlyList<string>)p.Value!.AsArray().Select(v => v!.GetValue<string>()).ToList()) ?? [],
                    check["matchBirth"]?.GetValue<bool>() ?? false,
                    when?["graceDays"]?.GetValue<int>() ?? 0,
                    kind == QualityCheck.Stale
                        ? freshness.GetValueOrDefault(source) ?? throw Invalid($"{code}: the source '{source}' declares no window under 'freshness'")
                        : null));
            if (rule.Dimension is not ("correct" or "complete" or "clean" or "live"))
            {
                throw Invalid($"{code}: dimension '{rule.Dimension}' is not correct, complete, clean or live");
            }

            if (rules.Any(r => r.Code == code))
            {
                throw Invalid($"{code}: the code is used twice");
            }

            rules.Add(rule);
        }

        return new QualityRuleSet(rules);
    }

    private static string Text(JsonNode? node, string name) =>
        node?[name]?.GetValue<string>() is { Length: > 0 } text ? text : throw Invalid($"'{name}' is missing");

    private static InvalidDataException Invalid(string problem) => new($"{FileName}: {problem}.");
}
