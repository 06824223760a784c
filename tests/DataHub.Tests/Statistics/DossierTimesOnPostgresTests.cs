using System.Globalization;
using DataHub.Hub.Events;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Statistics;

/// <summary>The dossier-times figure on a PostgreSQL event store: the same known history gives the same cells as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DossierTimesOnPostgresTests(DemoDataFixture data, PostgresFixture postgres)
{
    [Fact]
    public async Task Dossier_times_on_a_postgresql_event_store_equal_the_stored_history()
    {
        using var hub = HubFactory.OnPostgres(data.DataDirectory, postgres, settings: new Dictionary<string, string?>
        {
            ["Events:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Events"] = postgres.NewDatabase("events"),
            ["DataHub:Statistics:MinimumCellCount"] = "0",
            ["DataHub:Statistics:Perturbation"] = "false",
        });
        _ = hub.Server;
        await using (var db = await hub.Services.GetRequiredService<IDbContextFactory<EventDbContext>>().CreateDbContextAsync())
        {
            db.Events.AddRange(HubFigureHistory.Dossiers(DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var response = await hub.PostAsync("{ statistics { dossierTimes(groupBy: [CHAIN, FILED_MONTH, OUTCOME]) { cells { keys count sum } } } }",
            token: hub.DepartmentToken("ioc"), purpose: "ioc-reporting");

        Assert.Empty(response.Errors);
        var now = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal(
            new[] { "birth|2026-03|done-in-target|12|18", "birth|2026-03|done-late|3|10", "birth|2026-04|failed|11|0", $"birth|{now}|waiting|2|0", "death|2026-04|done-in-target|10|6.67" }
                .Order(StringComparer.Ordinal),
            response.Data!["statistics"]!["dossierTimes"]!["cells"]!.AsArray()
                .Select(c => string.Join('|', c!["keys"]!.AsArray().Select(k => k!.GetValue<string>()))
                    + "|" + c["count"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)
                    + "|" + (c["sum"]?.GetValue<double>() ?? 0).ToString(CultureInfo.InvariantCulture))
                .Order(StringComparer.Ordinal));
    }
}
