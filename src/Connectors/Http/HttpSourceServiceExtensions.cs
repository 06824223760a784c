using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace DataHub.Connectors.Http;

/// <summary>Registers <see cref="HttpSourceClients"/>: the sources' named client with one resilience pipeline per source.</summary>
public static class HttpSourceServiceExtensions
{
    public static IServiceCollection AddHttpSourceClients(this IServiceCollection services)
    {
        services.AddSingleton<HttpSourceClients>();
        services.AddHttpClient(HttpSourceClients.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each call has its source's deadline (HttpSource)
                client.MaxResponseContentBufferSize = 64 * 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(HttpSourceClients.NewSocketsHandler)
            .AddResilienceHandler("source", (pipeline, context) =>
                context.ServiceProvider.GetRequiredService<HttpSourceClients>().Configure(pipeline, context.InstanceName))
            // One pipeline (and circuit) per source, named by the request's source option.
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(HttpSourceClients.SourceOption, out var source) ? source : "");
        services.AddHttpClient(HttpSourceClients.ProbeClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HttpSourceClients.NewSocketsHandler);
        return services;
    }
}
