using DataHub.Hub.Audit;
using DataHub.Hub.Composition;
using DataHub.Hub.Events;
using DataHub.Hub.Registry;
using DataHub.Hub.Seeding;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>What the hub does before it serves or runs a command: demo data, the schema, the registry, the audit and event stores.</summary>
public static class HubStartup
{
    /// <summary>Prepares the hub; null when ready, else what stops it (a broken schema, a bad setting, an unusable key).</summary>
    public static async Task<string?> PrepareDataHubAsync(this WebApplication app)
    {
        try
        {
            app.EnsureDemoData().ComposeSchema();
            await app.PrepareRegistryAsync();
            await app.PrepareAuditAsync();
            await app.PrepareEventsAsync();
            return null;
        }
        catch (Exception ex) when (ex is CompositionException or UnknownSchemaException or CheckpointKeyException or OptionsValidationException)
        {
            return ex.Message;
        }
    }
}
