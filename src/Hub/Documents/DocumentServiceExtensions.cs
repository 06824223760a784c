using Microsoft.Extensions.Options;

namespace DataHub.Hub.Documents;

/// <summary>Trusted documents: registration and review, the lookup the pipeline asks, and the <c>Security</c> options.</summary>
public static class DocumentServiceExtensions
{
    public static IServiceCollection AddDataHubDocuments(this IServiceCollection services)
    {
        // On in Production unless configured otherwise; off elsewhere (Banana Cake Pop in Development). Bound one way, checked at start.
        services.AddOptions<SecurityOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.TrustedDocumentsOnly = environment.IsProduction())
            .BindConfiguration(SecurityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TrustedDocuments>();
        services.AddSingleton<DocumentAnalyser>();
        services.AddSingleton<DocumentRegistration>();
        return services;
    }

    /// <summary>Whether department apps may send only registered documents here.</summary>
    public static bool TrustedDocumentsOnly(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<SecurityOptions>>().Value.TrustedDocumentsOnly;
}
