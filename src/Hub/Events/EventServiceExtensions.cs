using DataHub.Hub.GraphQL.Subscriptions;
using DataHub.Hub.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Events;

/// <summary>The life-event store, its notifications across instances, and the two subscription transports.</summary>
public static class EventServiceExtensions
{
    public const string ConnectionName = "Events";

    public static IServiceCollection AddDataHubEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<EventDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetServices<IInterceptor>());
            var connectionString = configuration.GetConnectionString(ConnectionName);
            if (sp.GetRequiredService<IOptions<EventOptions>>().Value.Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException("ConnectionStrings:Events is required for PostgreSQL."));
                return;
            }

            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory);
            Directory.CreateDirectory(dataDirectory);
            options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(dataDirectory, "events.db")}");
        });
        services.AddSingleton<LifeEventSignal>();
        services.AddSingleton<LifeEventStore>();
        services.AddSingleton<EventPolicyAdministration>();
        services.AddSingleton<LifeEventSubscriptions>();
        services.AddSingleton<ServerSentEventsTransport>();
        services.AddSingleton<GraphQLWebSocketTransport>();
        services.AddHostedService<EventNotificationListener>();
        services.AddSingleton<Dossiers.DossierChains>(); // the liên thông chains as data, read once
        services.AddSingleton<Dossiers.DossierReader>();
        services.AddSingleton<Dossiers.CitizenFamily>(); // a citizen's family, read from the population source for myDossiers
        return services;
    }

    /// <summary>Creates the event store on first start; refuses one another DataHub version made (<see cref="EventStoreSchema"/>).</summary>
    public static async Task<WebApplication> PrepareEventsAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<EventDbContext>>().CreateDbContextAsync();
        await EventStoreSchema.PrepareAsync(db, CancellationToken.None);
        return app;
    }
}
