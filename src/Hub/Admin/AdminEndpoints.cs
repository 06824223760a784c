using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Health;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Admin;

/// <summary>
/// Routes for data stewards only (the <c>Steward</c> policy: a department or citizen token gets 403 <c>STEWARD_ONLY</c>),
/// plus the admin API (stewards and departments) and the steward console.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(HubPolicies.Steward);
        admin.MapGet("/departments", async (IDbContextFactory<RegistryDbContext> registry, CancellationToken cancellationToken) =>
        {
            await using var db = await registry.CreateDbContextAsync(cancellationToken);
            return await db.Departments.AsNoTracking().OrderBy(d => d.Code)
                .Select(d => new { d.Code, d.Name, d.OwningAgency, d.EntraApplicationId, d.IsActive })
                .ToListAsync(cancellationToken);
        });
        admin.MapAuditExport();
        admin.MapHealthDetails();

        // Outside the steward-only group: a department's token may ask for access there (the schema checks each field).
        AdminGraphQL.Map(app);
        StewardConsole.Map(app);
        return app;
    }

    /// <summary>The admin API (<c>/admin/graphql</c>) and the steward console (<c>/steward</c>).</summary>
    public static IServiceCollection AddDataHubAdmin(this IServiceCollection services)
    {
        services.AddSingleton<Governance>();
        services.AddSingleton<StewardReads>();
        services.AddSingleton<AdminGraphQL>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "datahub.antiforgery";
            options.Cookie.Path = StewardConsole.Path;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }
}
