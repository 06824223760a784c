using DataHub.Hub.Access;
using DataHub.Hub.Hosting;
using DataHub.Hub.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Registry;

/// <summary>The registry database and the access decisions that read it.</summary>
public static class RegistryServiceExtensions
{
    public const string ConnectionName = "Registry";

    public static IServiceCollection AddDataHubRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContextFactory<RegistryDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetServices<IInterceptor>()); // diagnostics and tests may observe the registry
            var provider = configuration["Registry:Provider"] ?? "Sqlite";
            var connectionString = configuration.GetConnectionString(ConnectionName);
            if (provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException("ConnectionStrings:Registry is required for PostgreSQL."));
                return;
            }

            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory);
            Directory.CreateDirectory(dataDirectory);
            options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(dataDirectory, "registry.db")}");
        });
        services.AddSingleton<AccessDecisions>();
        services.AddSingleton<AccessAdministration>();
        services.AddHostedService<PolicyChangeListener>();
        return services;
    }

    /// <summary>Creates the registry on first start and seeds it from <c>schema/access-policy.json</c>.</summary>
    public static async Task<WebApplication> PrepareRegistryAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        var catalog = app.Services.GetRequiredService<SourceCatalog>();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var created = await db.Database.EnsureCreatedAsync();
        await SchemaGuard.CheckAsync(db, "registry", created, CancellationToken.None);
        var policyFile = Path.Combine(options.ResolvePath(app.Environment.ContentRootPath, options.SchemaDirectory), "access-policy.json");
        await RegistrySeeder.SeedAsync(db, policyFile, catalog.Composite, catalog.Connectors.GetValueOrDefault("population"), CancellationToken.None);
        return app;
    }
}
