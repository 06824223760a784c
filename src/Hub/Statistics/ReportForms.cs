using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataHub.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Statistics;

/// <summary>
/// The report forms under <c>schema/forms/</c>, read at start and again whenever a file there changes (a steward adds a
/// form without a release). A file that does not describe a form (unknown figure or dimension, bad JSON) is left out
/// and named in the log; the others still load.
/// </summary>
public sealed partial class ReportForms(IOptions<DataHubOptions> options, IWebHostEnvironment environment, ILogger<ReportForms> logger, TimeProvider clock)
{
    public const string Folder = "forms";

    private readonly Lock _loading = new();
    private (DateTime Stamp, int Files, IReadOnlyList<ReportForm> Forms)? _loaded;

    public string Directory => Path.Combine(options.Value.ResolvePath(environment.ContentRootPath, options.Value.SchemaDirectory), Folder);

    public IReadOnlyList<ReportForm> All
    {
        get
        {
            var files = System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*.json") : [];
            var stamp = files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max();
            lock (_loading)
            {
                if (_loaded is not { } loaded || loaded.Stamp != stamp || loaded.Files != files.Length)
                {
                    _loaded = loaded = (stamp, files.Length, files.Select(Read).OfType<ReportForm>().OrderBy(f => f.Order).ThenBy(f => f.Id, StringComparer.Ordinal).ToList());
                }

                return loaded.Forms;
            }
        }
    }

    public ReportForm? Find(string id) => All.FirstOrDefault(f => f.Id == id);

    /// <summary>The GraphQL document a form runs through the one pipeline, and its variables.</summary>
    public (string Query, JsonNode? Where) Document(ReportForm form)
    {
        var figure = StatisticsFigures.Find(form.Figure)!;
        var groupBy = string.Join(", ", form.GroupBy.Select(d => figure.Dimension(d)!.EnumValue));
        var entity = figure.Entity;
        var (declared, where) = figure.InHub ? ("", "") : ($"($where: {entity}FilterInput)", "where: $where, ");
        var query = $"query Form_{form.Id.Replace('-', '_')}{declared} {{ statistics {{ {figure.Name}({where}groupBy: [{groupBy}]) " +
            "{ figure dimensions cells { keys count sum suppression } total { count sum suppression } computedAt minimumCount perturbed } } }";
        return (query, form.Where is null ? null : Resolve(form.Where.DeepClone()));
    }

    // "today", "today-6y": dates relative to the day the form runs.
    private JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj[key] = Resolve(value?.DeepClone());
                }

                return obj;
            case JsonArray array:
                return new JsonArray(array.Select(a => Resolve(a?.DeepClone())).ToArray());
            case JsonValue value when value.TryGetValue<string>(out var text) && RelativeDate().Match(text) is { Success: true } match:
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var years = match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                return JsonValue.Create(today.AddYears(-years).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            default:
                return node;
        }
    }

    private ReportForm? Read(string file)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new FormatException("not a JSON object");
            var id = Path.GetFileNameWithoutExtension(file);
            var figureName = json["figure"]?.GetValue<string>() ?? throw new FormatException("'figure' is missing");
            var figure = StatisticsFigures.Find(figureName) ?? throw new FormatException($"'{figureName}' is not a figure");
            var groupBy = (json["groupBy"] as JsonArray ?? []).Select(d => d!.GetValue<string>()).ToList();
            if (figure.InHub && json["where"] is not null)
            {
                throw new FormatException($"'{figureName}' is counted in the hub and takes no 'where'");
            }

            if (groupBy.Count > Connectors.AggregateQuery.MaxDimensions || groupBy.Any(d => figure.Dimension(d) is null))
            {
                throw new FormatException($"'groupBy' takes up to {Connectors.AggregateQuery.MaxDimensions} of {string.Join(", ", figure.Dimensions.Select(d => d.Name))}");
            }

            return new ReportForm(id,
                json["title"]?["vi"]?.GetValue<string>() ?? id,
                json["title"]?["en"]?.GetValue<string>() ?? id,
                figure.Name, groupBy, json["where"] as JsonObject,
                json["chart"]?.GetValue<string>() ?? "bar",
                json["purpose"]?.GetValue<string>() ?? "ioc-reporting",
                json["order"]?.GetValue<int>() ?? 100);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or IOException)
        {
            LogBadForm(logger, Path.GetFileName(file), ex.Message);
            return null;
        }
    }

    [GeneratedRegex("^today(?:-(\\d{1,3})y)?$")]
    private static partial Regex RelativeDate();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The report form {File} is left out: {Reason}.")]
    private static partial void LogBadForm(ILogger logger, string file, string reason);
}
