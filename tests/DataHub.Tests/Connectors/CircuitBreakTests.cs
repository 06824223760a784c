using DataHub.Connectors.Http;

namespace DataHub.Tests.Connectors;

/// <summary>
/// The break of an open circuit: short, doubled after each failed probe, never past its maximum. A break as long as a
/// source's outages kept a flapping source off well past its recovery (bench: <c>flap</c>).
/// </summary>
public sealed class CircuitBreakTests
{
    [Fact]
    public void The_break_starts_short_and_doubles_after_each_failed_probe_up_to_its_maximum()
    {
        var settings = new HttpSourceSettings(new Uri("http://127.0.0.1:1/"))
        {
            MinimumBreakDuration = TimeSpan.FromSeconds(1),
            BreakDuration = TimeSpan.FromSeconds(5),
        };

        var breaks = Enumerable.Range(0, 6).Select(failedProbes => HttpSourceClients.BreakAfter(settings, failedProbes).TotalSeconds);

        Assert.Equal([1, 2, 4, 5, 5, 5], breaks);
    }

    [Fact]
    public void Each_source_gets_a_pipeline_and_a_circuit_of_its_own()
    {
        var clients = HttpSourceClients.Standalone;
        var settings = new HttpSourceSettings(new Uri("http://127.0.0.1:1/"));

        var first = clients.Register("civil-registration", settings);
        var second = clients.Register("health-insurance", settings);

        Assert.NotEqual(first.PipelineKey, second.PipelineKey);
        Assert.NotSame(first.Circuit, second.Circuit);
    }
}
