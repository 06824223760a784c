using System.Globalization;
using System.Threading.RateLimiting;
using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>
/// Rate limits on <c>/graphql</c>, <c>/admin/graphql</c> and <c>/admin/*</c> (ASP.NET Core's rate limiter): a quota per
/// minute per department (from the registry, else <c>RateLimits:DepartmentPerMinute</c>), per steward and per
/// citizen (by token subject), and per client IP without a token. A refusal is 429 with <c>Retry-After</c> and
/// <c>RATE_LIMITED</c>, and is audited.
/// </summary>
public static class RateLimitingExtensions
{
    public static IServiceCollection AddDataHubRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RateLimitRefusals>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RatePartition>(Partition);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RefuseAsync;
        });
        return services;
    }

    /// <summary>After caller resolution (the partition is the resolved caller), before authorization (so refusals count too).</summary>
    public static WebApplication UseDataHubRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<RatePartition> Partition(HttpContext http)
    {
        var path = http.Request.Path;
        if (!(path.Equals("/graphql", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)))
        {
            return RateLimitPartition.GetNoLimiter(RatePartition.Unlimited);
        }

        var partition = PartitionOf(http);
        http.Items[typeof(RatePartition)] = partition;
        return RateLimitPartition.GetFixedWindowLimiter(partition, key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.PerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private static RatePartition PartitionOf(HttpContext http)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        switch (HubCaller.Of(http)?.Principal)
        {
            case { Kind: PrincipalKind.Steward } steward:
                return new RatePartition(RatePartition.Steward, steward.Subject, limits.StewardPerMinute);
            case { Kind: PrincipalKind.Citizen } citizen:
                return new RatePartition(RatePartition.Citizen, citizen.Subject, limits.CitizenPerMinute);
            case { Kind: PrincipalKind.Department, DepartmentCode: { } code }:
                var quota = http.RequestServices.GetRequiredService<AccessDecisions>().Policy.Department(code)?.RequestsPerMinute;
                return new RatePartition(RatePartition.Department, code, quota ?? limits.DepartmentPerMinute);
        }

        // No token, or one naming no known caller (it is refused later): per client IP, the proxy's X-Forwarded-For applied.
        return new RatePartition(RatePartition.Anonymous, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", limits.AnonymousPerMinute);
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var partition = http.Items[typeof(RatePartition)] as RatePartition? ?? PartitionOf(http);
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        await http.RequestServices.GetRequiredService<RateLimitRefusals>().AuditAsync(http, partition);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var who = partition.Kind == RatePartition.Department ? $"the department '{partition.Name}'" : $"this {partition.Kind} caller";
        await IdentityServiceExtensions.WriteErrorAsync(http.Response, RateLimitRefusals.Code,
            $"Too many requests: {who} may send {partition.PerMinute} per minute. Retry after {seconds} s.");
    }
}
