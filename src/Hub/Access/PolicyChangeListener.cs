using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Access;

/// <summary>
/// Keeps this instance's cached decisions in step with the others: drops the cache on every NOTIFY on the registry's
/// PostgreSQL, and whenever notifications may have been missed (<see cref="PostgresChannelListener{TContext}"/>).
/// </summary>
public sealed class PolicyChangeListener(
    IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, ILogger<PolicyChangeListener> logger)
    : PostgresChannelListener<RegistryDbContext>(registry, Channel, logger)
{
    public const string Channel = "datahub_policy";

    protected override void Notified(string payload) => decisions.Notified(payload);

    protected override void Reset(bool listening)
    {
        decisions.InvalidateLocal();
        decisions.IsListening = listening;
    }
}
