using DataHub.Hub.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Audit;

/// <summary>
/// The audit store (SQLite <c>data/audit.db</c> by default, or PostgreSQL), its group-committing writer, and the
/// signed checkpoints of its chain (key and file copy under the data directory, outside the store).
/// </summary>
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

            var dataDirectory = DataDirectory(sp);
            Directory.CreateDirectory(dataDirectory);
            options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(dataDirectory, "audit.db")}");
        });
        services.AddOptions<CheckpointOptions>().BindConfiguration(CheckpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CheckpointSigner(Path.Combine(DataDirectory(sp), Checkpoints(sp).KeyFile)));
        services.AddSingleton(sp => new CheckpointStore(Path.Combine(DataDirectory(sp), Checkpoints(sp).File)));
        services.AddSingleton<AuditCheckpointer>();
        services.AddSingleton<AuditWriter>();
        return services;
    }

    /// <summary>Creates the audit store on first start, and loads (or makes) the checkpoint key so a bad one stops the start.</summary>
    public static async Task<WebApplication> PrepareAuditAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        await AuditStore.CreateAsync(db, CancellationToken.None);
        app.Services.GetRequiredService<CheckpointSigner>();
        return app;
    }

    private static string DataDirectory(IServiceProvider sp)
    {
        var hub = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
        return hub.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, hub.DataDirectory);
    }

    private static CheckpointOptions Checkpoints(IServiceProvider sp) => sp.GetRequiredService<IOptions<CheckpointOptions>>().Value;
}
