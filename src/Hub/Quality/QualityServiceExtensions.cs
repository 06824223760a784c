using DataHub.Hub.Composition;
using DataHub.Hub.Hosting;
using DataHub.Hub.Sources;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Quality;

/// <summary>Data truth: the reconciliation rules, their engine and store, the steward query, the per-department export and the re-check after life events.</summary>
public static class QualityServiceExtensions
{
    public static IServiceCollection AddDataHubQuality(this IServiceCollection services)
    {
        services.AddOptions<QualityOptions>().BindConfiguration(QualityOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.ReferenceDate)
                || DateOnly.TryParseExact(o.ReferenceDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
                "Quality:ReferenceDate is a date written yyyy-MM-dd, or empty for today.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var composite = sp.GetRequiredService<CompositeSchema>();
            var directory = hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.SchemaDirectory);
            return QualityRuleSet.Load(directory, (source, type) => composite.Sources.Any(s => s.Name == source && s.FindType(type) is not null));
        });
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var file = Path.Combine(hub.ResolvePath(root, hub.DataDirectory), sp.GetRequiredService<IOptions<QualityOptions>>().Value.StoreFile);
            return new QualityStore(file);
        });
        services.AddSingleton(sp => new QualityEngine(
            sp.GetRequiredService<SourceCatalog>().Connectors, sp.GetRequiredService<CompositeSchema>(), sp.GetRequiredService<QualityRuleSet>(),
            sp.GetRequiredService<QualityStore>(), sp.GetRequiredService<IOptions<QualityOptions>>()));
        services.AddSingleton<QualityReports>();
        services.AddHostedService(sp =>
        {
            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var options = sp.GetRequiredService<IOptions<QualityOptions>>();
            var cursor = Path.Combine(hub.ResolvePath(root, hub.DataDirectory), Path.ChangeExtension(options.Value.StoreFile, ".events-cursor"));
            return new EventRecheck(sp.GetRequiredService<Events.LifeEventStore>(), sp.GetRequiredService<Events.LifeEventSignal>(),
                sp.GetRequiredService<QualityEngine>(), options, cursor, sp.GetRequiredService<ILogger<EventRecheck>>());
        });
        return services;
    }
}
