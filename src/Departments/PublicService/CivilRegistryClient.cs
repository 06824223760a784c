using System.Net.Http.Json;
using DataHub.Departments.LienThong;

namespace DataHub.Departments.PublicService;

/// <summary>The civil registry's write API (its own service, not the hub): files a birth or a death, typed.</summary>
public sealed class CivilRegistryClient(HttpClient http, Uri registry)
{
    public Task<Filed> FileBirthAsync(object filing, CancellationToken ct) => PostAsync("/filings/births", filing, ct);

    public Task<Filed> FileDeathAsync(object filing, CancellationToken ct) => PostAsync("/filings/deaths", filing, ct);

    private async Task<Filed> PostAsync(string path, object filing, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(new Uri(registry, path), filing, HubClient.Json, ct);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<Filed>(HubClient.Json, ct) ?? throw new HttpRequestException("The registry answered no body.")
            : Filed.Refused(await response.Content.ReadFromJsonAsync<Refusal>(HubClient.Json, ct));
    }

    /// <summary>The registry's answer: the registration number and personal ID, or the code and sentence of a refusal.</summary>
    public sealed record Filed(string? RegistrationNumber, string? PersonalId, string? Code, string? Error)
    {
        public static Filed Refused(Refusal? refusal) => new(null, null, refusal?.Code ?? "REGISTRY_ERROR", refusal?.Error ?? "Cơ quan hộ tịch không trả lời.");
    }

    public sealed record Refusal(string? Code, string? Error);
}
