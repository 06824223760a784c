using System.Text.Json.Nodes;

namespace DataHub.Hub.Statistics;

/// <summary>
/// A report form (biểu mẫu báo cáo) as data, read from <c>schema/forms/&lt;id&gt;.json</c>: a figure, the dimensions
/// it is grouped by, a <c>where</c> in the record connection's shape (a value <c>"today-6y"</c> is the date six years
/// before the day it runs), its titles in Vietnamese and English, and the chart the dashboard draws.
/// </summary>
public sealed record ReportForm(
    string Id, string TitleVi, string TitleEn, string Figure, IReadOnlyList<string> GroupBy, JsonObject? Where, string Chart, string Purpose, int Order);
