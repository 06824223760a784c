namespace DataHub.Hub.Statistics;

/// <summary>Registers the statistics: options (validated on start), the service that computes and protects figures.</summary>
public static class StatisticsServiceExtensions
{
    public static IServiceCollection AddDataHubStatistics(this IServiceCollection services)
    {
        services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<Under6CardCoverage>();
        services.AddSingleton<ReportForms>();
        services.AddSingleton<IHubFigureSource, Dossiers.DossierAggregates>(); // figures counted in the hub's own stores
        services.AddSingleton<IHubFigureSource, Quality.QualityAggregates>();
        return services;
    }
}
