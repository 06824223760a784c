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
/// Routes for data stewards only (a department or citizen token gets 403 <c>STEWARD_ONLY</c>), plus the admin API
/// and the steward console, which check their callers themselves.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireStewardAsync);
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
        services.AddSingleton<AdminGraphQL>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "datahub.antiforgery";
            options.Cookie.Path = StewardConsole.Path;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    private static async ValueTask<object?> RequireStewardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return Results.Empty;
        }

        http.User = result.Principal; // so routes behind the filter know who the steward is
        var (principal, refusal) = await http.RequestServices.GetRequiredService<PrincipalResolver>().ResolveAsync(result.Principal, http.RequestAborted);
        if (principal?.Kind != PrincipalKind.Steward)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await IdentityServiceExtensions.WriteErrorAsync(http.Response, refusal?.Code ?? "STEWARD_ONLY",
                refusal?.Message ?? "Only data stewards may use /admin.");
            return Results.Empty;
        }

        return await next(context);
    }
}
