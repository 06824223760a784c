using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataHub.SyntheticData;

/// <summary>
/// Exactly which records the generator damaged (<c>discrepancies.json</c> beside the databases): the known truth a
/// data-quality run is measured against.
/// </summary>
public sealed record DiscrepancyManifest(int Citizens, int RandomSeed, double DiscrepancyRate, IReadOnlyList<DiscrepancyEntry> Entries)
{
    public const string FileName = "discrepancies.json";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, _json));

    public static DiscrepancyManifest Read(string path) =>
        JsonSerializer.Deserialize<DiscrepancyManifest>(File.ReadAllText(path), _json)
        ?? throw new InvalidDataException($"{path} is not a discrepancy manifest.");
}
