using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace DataHub.Hub.Quality;

/// <summary>
/// The console's data-quality page (<c>/steward/quality</c>): the score per source and rule of the newest run, read
/// through <c>dataQuality</c> like any admin read (so it is decided and audited the same way). Rendered here, apart
/// from the console's other pages, so it moves into the console's new layout as one piece.
/// </summary>
public static class QualityPage
{
    /// <summary>The <c>dataQuality</c> read the page shows.</summary>
    public const string Query = "{ dataQuality(failing: 5) { runId finishedAt sources { source checked failed shareClean " +
        "rules { code dimension owner severity description checked failed shareClean trend failing { key problem } } } } }";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(JsonNode? report, bool english)
    {
        string L(string vi, string en) => english ? en : vi;
        var body = new StringBuilder();
        body.Append("<h1>").Append(H(L("Chất lượng dữ liệu: đúng, đủ, sạch, sống", "Data quality: correct, complete, clean, live"))).Append("</h1>");
        if (report?["runId"] is null)
        {
            return body.Append("<p>").Append(H(L("Chưa có lần đối soát nào. Chạy: quality run", "No reconciliation has run yet. Run: quality run"))).Append("</p>").ToString();
        }

        body.Append("<p class=help>").Append(H(L("Lần đối soát", "Run"))).Append(' ').Append(H(report["runId"]?.ToString()))
            .Append(", ").Append(H(L("xong lúc", "finished"))).Append(' ').Append(H(report["finishedAt"]?.ToString())).Append("</p>");
        body.Append("<table id=quality-sources><thead><tr><th>").Append(H(L("Nguồn", "Source"))).Append("</th><th>").Append(H(L("Đã kiểm", "Checked")))
            .Append("</th><th>").Append(H(L("Lỗi", "Failed"))).Append("</th><th>").Append(H(L("Sạch", "Clean"))).Append("</th></tr></thead><tbody>");
        foreach (var source in report["sources"] as JsonArray ?? [])
        {
            body.Append("<tr><td><code>").Append(H(source?["source"]?.ToString())).Append("</code></td><td>").Append(Number(source?["checked"]))
                .Append("</td><td>").Append(Number(source?["failed"])).Append("</td><td><strong>").Append(Share(source?["shareClean"])).Append("</strong></td></tr>");
        }

        body.Append("</tbody></table><h2>").Append(H(L("Theo quy tắc", "By rule"))).Append("</h2>");
        body.Append("<table id=quality-rules><thead><tr>");
        foreach (var header in new[]
        {
            L("Nguồn", "Source"), L("Quy tắc", "Rule"), L("Khía cạnh", "Dimension"), L("Đơn vị sửa", "Who fixes it"), L("Mức độ", "Severity"),
            L("Đã kiểm", "Checked"), L("Lỗi", "Failed"), L("Sạch", "Clean"), L("Xu hướng", "Trend"), L("Ví dụ", "Examples"),
        })
        {
            body.Append("<th>").Append(H(header)).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var source in report["sources"] as JsonArray ?? [])
        {
            foreach (var rule in source?["rules"] as JsonArray ?? [])
            {
                var trend = (rule?["trend"] as JsonArray ?? []).Select(t => Share(t)).ToList();
                var examples = (rule?["failing"] as JsonArray ?? []).Select(f => f?["key"]?.ToString() ?? "").ToList();
                body.Append("<tr><td><code>").Append(H(source?["source"]?.ToString())).Append("</code></td><td><code>").Append(H(rule?["code"]?.ToString()))
                    .Append("</code><br><small>").Append(H(rule?["description"]?.ToString())).Append("</small></td><td>").Append(H(rule?["dimension"]?.ToString()))
                    .Append("</td><td><code>").Append(H(rule?["owner"]?.ToString())).Append("</code></td><td>").Append(H(rule?["severity"]?.ToString()))
                    .Append("</td><td>").Append(Number(rule?["checked"])).Append("</td><td>").Append(Number(rule?["failed"])).Append("</td><td><strong>")
                    .Append(Share(rule?["shareClean"])).Append("</strong></td><td>").Append(H(string.Join(" → ", trend))).Append("</td><td><code>")
                    .Append(H(string.Join(", ", examples))).Append("</code></td></tr>");
            }
        }

        body.Append("</tbody></table><p class=help>").Append(H(L(
            "Mỗi sở tải danh sách cần sửa của mình: GET /admin/quality/findings.csv với token của sở.",
            "Each department downloads what it must fix: GET /admin/quality/findings.csv with its own token."))).Append("</p>");
        return body.ToString();
    }

    private static string Number(JsonNode? value) =>
        value is null ? "" : long.Parse(value.ToString(), CultureInfo.InvariantCulture).ToString("N0", CultureInfo.CurrentCulture);

    private static string Share(JsonNode? value) =>
        value is null ? "" : double.Parse(value.ToString(), CultureInfo.InvariantCulture).ToString("P2", CultureInfo.CurrentCulture);

    private static string H(string? text) => Encoder.Encode(text ?? "");
}
