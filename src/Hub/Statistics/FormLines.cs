using System.Text.Json.Nodes;

namespace DataHub.Hub.Statistics;

/// <summary>
/// A form's published table as lines, the one layout the CSV and the .xlsx exports share: a header (the dimensions,
/// <c>count</c>, <c>sum</c> when the figure sums, <c>suppression</c>), one line per cell, then the total (first key
/// <c>total</c>). A suppressed cell has no count or sum, and its suppression (<c>small</c>, <c>complement</c>) instead.
/// Values are <see cref="string"/> or <see cref="double"/>; null is an empty field.
/// </summary>
public sealed record FormLines(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Lines, string ComputedAt)
{
    public static FormLines Of(FormRun run)
    {
        var table = run.Table!;
        var dimensions = table["dimensions"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        var hasSum = table["cells"]!.AsArray().Any(c => c!["sum"] is not null) || table["total"]!["sum"] is not null;
        var header = dimensions.Append("count").Concat(hasSum ? ["sum"] : []).Append("suppression").ToList();
        var lines = new List<IReadOnlyList<object?>>();
        foreach (var cell in table["cells"]!.AsArray().Append(table["total"]!))
        {
            var keys = (cell!["keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>() ?? "").ToList();
            var isTotal = keys.Count == 0;
            var line = (isTotal ? dimensions.Select((_, i) => i == 0 ? "total" : "") : keys).Cast<object?>()
                .Append(Number(cell["count"]))
                .Concat(hasSum ? [Number(cell["sum"])] : [])
                .Append(cell["suppression"]?.GetValue<string>() ?? "")
                .ToList();
            lines.Add(line);
        }

        return new FormLines(header, lines, table["computedAt"]!.GetValue<string>());
    }

    private static object? Number(JsonNode? node) => node?.GetValue<double>();
}
