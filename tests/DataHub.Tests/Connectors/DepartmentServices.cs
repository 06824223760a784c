using System.Net.Http.Json;
using DataHub.Departments;
using DataHub.Departments.CivilRegistration;
using DataHub.Departments.HealthInsurance;
using DataHub.SyntheticData;
using DataHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace DataHub.Tests.Connectors;

/// <summary>
/// The two demo department services, started for one test on free loopback ports (real Kestrel, real HTTP), over the
/// test data folder and the seed of its population, so they know the same citizens. A test may stop either one.
/// </summary>
public sealed class DepartmentServices : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private WebApplication? _civil;
    private WebApplication? _health;

    private DepartmentServices(WebApplication civil, WebApplication health)
    {
        _civil = civil;
        _health = health;
        CivilRegistrationUrl = new Uri(civil.Address(), "/graphql");
        HealthInsuranceUrl = health.Address();
    }

    public Uri CivilRegistrationUrl { get; }

    public Uri HealthInsuranceUrl { get; }

    public static async Task<DepartmentServices> StartAsync(string dataDirectory, SeedOptions? seed = null)
    {
        var options = new DepartmentOptions("http://127.0.0.1:0", Path.Combine(dataDirectory, "departments"), seed ?? new SeedOptions(DemoDataFixture.Citizens));
        var civil = CivilRegistrationService.Build(options);
        var health = HealthInsuranceService.Build(options);
        await civil.StartAsync();
        await health.StartAsync();
        return new DepartmentServices(civil, health);
    }

    /// <summary>The hub's settings for both remote sources, plus any overrides (e.g. a proxy's URL or a short timeout).</summary>
    public Dictionary<string, string?> HubSettings(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sources:civil-registration:Url"] = CivilRegistrationUrl.ToString(),
            ["Sources:health-insurance:Url"] = HealthInsuranceUrl.ToString(),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Requests the service has received so far, as its own counter reports them (GET /_requests).</summary>
    public static async Task<int> RequestsAtAsync(Uri service)
    {
        var counts = await Http.GetFromJsonAsync<RequestCounts>(new Uri(service, RequestCounter.Path));
        return counts!.Total;
    }

    /// <summary>Requests the service has received so far, by path.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> RequestsByPathAtAsync(Uri service)
    {
        var counts = await Http.GetFromJsonAsync<RequestCounts>(new Uri(service, RequestCounter.Path));
        return counts!.Paths;
    }

    public async Task StopHealthInsuranceAsync()
    {
        await StopAsync(_health);
        _health = null;
    }

    public async Task StopCivilRegistrationAsync()
    {
        await StopAsync(_civil);
        _civil = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_civil);
        await StopAsync(_health);
    }

    private static async Task StopAsync(WebApplication? app)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed record RequestCounts(int Total, Dictionary<string, int> Paths);
}
