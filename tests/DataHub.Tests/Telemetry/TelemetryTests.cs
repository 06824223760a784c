using System.Diagnostics;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DataHub.Tests.Telemetry;

/// <summary>
/// Traces and metrics exported in memory while demo citizens, a department and a steward ask the real HTTP pipeline:
/// the spans the issue names are there, and no citizen's name or personal ID is in any span or metric.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class TelemetryTests(DemoDataFixture data) : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private HubFactory? _hub;

    private HubFactory Hub => _hub ??= new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" }, services =>
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
    });

    [Fact]
    public async Task Requests_of_demo_citizens_leave_spans_and_metrics_without_their_names_or_ids()
    {
        var citizens = data.Column("population", "SELECT personal_id || '|' || full_name FROM citizens ORDER BY personal_id LIMIT 5")
            .Select(row => row.Split('|')).ToList();
        foreach (var (id, _) in citizens.Select(c => (c[0], c[1])))
        {
            await Hub.PostAsync("query Own($id: ID!) { citizen(personalId: $id) { fullName dateOfBirth insuranceCard { cardNumber } } }",
                new { id }, token: Hub.CitizenToken(id));
            await Hub.PostAsync("query Read($id: ID!) { citizen(personalId: $id) { fullName bloodType occupation } }",
                new { id }, token: Hub.DepartmentToken("so-y-te"), purpose: "medical-treatment");
        }

        // A GET carries the document, with a personal ID in it, in the query string.
        using (var client = Hub.StewardClient())
        {
            await client.GetAsync("/graphql?query=" + Uri.EscapeDataString($"{{ citizen(personalId: \"{citizens[0][0]}\") {{ fullName }} }}"));
        }

        await Hub.PostAsync("{ citizens(first: 5) { nodes { personalId fullName landRights { certificateNumber } benefitCases { status } } } }");
        Hub.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Hub.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var spanNames = _spans.Select(s => s.DisplayName).ToHashSet();
        Assert.Contains("graphql.validate", spanNames);
        Assert.Contains("access.decision", spanNames);
        Assert.Contains("audit.append", spanNames);
        Assert.Contains("audit.commit", spanNames);
        Assert.Contains(_spans, s => s.DisplayName.StartsWith("source.", StringComparison.Ordinal) && s.GetTagItem("datahub.source") is "land" && s.GetTagItem("datahub.batch_size") is 5);
        // Validation, the decision and the source calls are siblings under the request; commits are traces of their own.
        var decision = _spans.First(s => s.DisplayName == "access.decision");
        Assert.All(_spans.Where(s => s.TraceId == decision.TraceId && (s.DisplayName.StartsWith("source.", StringComparison.Ordinal) || s.DisplayName == "graphql.validate")),
            s => Assert.Equal(decision.ParentSpanId, s.ParentSpanId));
        Assert.All(_spans.Where(s => s.DisplayName == "audit.commit"), s => Assert.Equal(default, s.ParentSpanId));
        var metricNames = _metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("datahub.requests", metricNames);
        Assert.Contains("datahub.access.refusals", metricNames);
        Assert.Contains("datahub.source.calls", metricNames);

        var exported = string.Join('\n', _spans.SelectMany(SpanText).Concat(_metrics.SelectMany(MetricText)));
        foreach (var citizen in citizens)
        {
            Assert.DoesNotContain(citizen[0], exported, StringComparison.Ordinal);
            Assert.DoesNotContain(citizen[1], exported, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static IEnumerable<string> SpanText(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private static List<string> MetricText(Metric metric)
    {
        var text = new List<string> { metric.Name, metric.Description };
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                text.Add($"{tag.Key}={tag.Value}");
            }
        }

        return text;
    }

    public void Dispose() => _hub?.Dispose();
}
