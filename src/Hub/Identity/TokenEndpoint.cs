using DataHub.Hub.Hosting;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Identity;

/// <summary>
/// The local issuer's OAuth 2.0 token endpoint for department apps: <c>POST /connect/token</c> with
/// <c>grant_type=client_credentials</c>, <c>client_id</c> (the department's code) and <c>client_secret</c>, form-encoded
/// (RFC 6749 §4.4). The token is the one <c>token --department</c> prints. Only with the local issuer: with Entra ID the
/// app asks Entra ID, as README's Identity section says. Errors follow RFC 6749 §5.2.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/connect/token";

    public static WebApplication MapLocalTokenEndpoint(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IdentityOptions>().UsesEntraId)
        {
            return app;
        }

        app.MapPost(Path, async (HttpContext context, ClientCredentials clients, LocalIssuer issuer, IDbContextFactory<RegistryDbContext> registry) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Error("invalid_request", "Send the request form-encoded (application/x-www-form-urlencoded).");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form["grant_type"] != "client_credentials")
            {
                return Error("unsupported_grant_type", "Only grant_type=client_credentials is supported.");
            }

            string? id = form["client_id"], secret = form["client_secret"];
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret) || !clients.IsValid(id, secret))
            {
                return Error("invalid_client", "Unknown client or wrong secret.", StatusCodes.Status401Unauthorized);
            }

            await using var db = await registry.CreateDbContextAsync(context.RequestAborted);
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Code == id, context.RequestAborted);
            if (department?.EntraApplicationId is null)
            {
                return Error("invalid_client", "The client is not a registered department.", StatusCodes.Status401Unauthorized);
            }

            var lifetime = TimeSpan.FromMinutes(app.Services.GetRequiredService<IdentityOptions>().LocalIssuer.TokenLifetimeMinutes);
            return Results.Json(new
            {
                access_token = issuer.ForDepartment(department.EntraApplicationId, department.Code, lifetime),
                token_type = "Bearer",
                expires_in = (int)lifetime.TotalSeconds,
            });
        }).AllowAnonymous().WithFormLimits();
        return app;
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
