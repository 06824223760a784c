using DataHub.Hub.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Audit;

/// <summary>The audit store (SQLite <c>data/audit.db</c> by default, or PostgreSQL) and its group-committing writer.</summary>
public static class AuditServiceExtensions
{
    public const string ConnectionName = "Audit";

    public static IServiceCollection AddDataHubAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContextFactory<AuditDbContext>((sp, options) =>
        {
            var provider = configuration["Audit:Provider"] ?? "Sqlite";
            var connectionString = configuration.GetConnectionString(ConnectionName);
            if (provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException("ConnectionStrings:Audit is required for PostgreSQL."));
                return;
            }

            var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory);
            Directory.CreateDirectory(dataDirectory);
            options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(dataDirectory, "audit.db")}");
        });
        services.AddSingleton<AuditWriter>();
        return services;
    }

    /// <summary>Creates the audit store on first start.</summary>
    public static async Task<WebApplication> PrepareAuditAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        await AuditStore.CreateAsync(db, CancellationToken.None);
        return app;
    }
}
