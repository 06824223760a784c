namespace DataHub.Hub.Identity;

/// <summary>
/// Loads the local issuer's key when the hub starts, so a key file others may read stops the start with its message
/// instead of failing the first request.
/// </summary>
internal sealed class LocalIssuerStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<LocalIssuer>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
