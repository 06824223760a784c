namespace DataHub.Hub.GraphQL.Subscriptions;

/// <summary>Where the subscription transports meet requests.</summary>
public static class SubscriptionEndpoints
{
    /// <summary>
    /// WebSocket upgrades of <c>/graphql</c>: before the route's authorization, since a browser's socket carries its
    /// token in <c>connection_init</c>, not in a header; the transport admits the caller with the same policy.
    /// </summary>
    public static IApplicationBuilder UseGraphQLWebSockets(this IApplicationBuilder app)
    {
        app.UseWebSockets();
        return app.Use(async (http, next) =>
        {
            if (http.WebSockets.IsWebSocketRequest && http.Request.Path.Equals(GraphQLHttpEndpoint.Path, StringComparison.OrdinalIgnoreCase))
            {
                await http.RequestServices.GetRequiredService<GraphQLWebSocketTransport>().HandleAsync(http);
                return;
            }

            await next(http);
        });
    }
}
