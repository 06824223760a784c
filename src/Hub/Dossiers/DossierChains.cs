using System.Text.Json;
using DataHub.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Dossiers;

/// <summary>The chains of schema/dossier-chains.json, read once at start; a bad file stops the start with what is wrong.</summary>
public sealed class DossierChains
{
    public const string File = "dossier-chains.json";

    public DossierChains(IOptions<DataHubOptions> options, IWebHostEnvironment environment)
    {
        var hub = options.Value;
        var path = Path.Combine(hub.ResolvePath(environment.ContentRootPath, hub.SchemaDirectory), File);
        All = System.IO.File.Exists(path) ? Read(path) : [];
    }

    public IReadOnlyList<DossierChain> All { get; }

    /// <summary>The chain whose first step is this kind, or null.</summary>
    public DossierChain? StartedBy(string kind) => All.FirstOrDefault(c => c.Steps[0].Kind == kind);

    private static List<DossierChain> Read(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        var file = JsonSerializer.Deserialize<ChainFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{File}: empty.");
        foreach (var chain in file.Chains)
        {
            if (chain.Steps.Count < 2 || chain.WaitMinutes <= 0 || string.IsNullOrEmpty(chain.Code))
            {
                throw new InvalidDataException($"{File}: chain '{chain.Code}' needs a code, two steps or more and waitMinutes above 0.");
            }
        }

        return file.Chains;
    }

    private sealed record ChainFile(List<DossierChain> Chains);
}
