using DataHub.Hub.Access;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Access;

/// <summary>Consent per citizen during execution, and changes that apply to the very next request.</summary>
[Collection(HubCollection.Name)]
public sealed class ConsentAndChangeTests(DemoDataFixture data) : IDisposable
{
    private const string Purpose = "medical-treatment";
    private readonly HubFactory _hub = new(data.DataDirectory, services: s => s.AddSingleton<RegistryCommandCounter>()
        .AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<RegistryCommandCounter>()));

    private PolicyArrangement Admin => new(_hub.Services);

    [Fact]
    public async Task Without_consent_only_that_field_is_null_for_that_citizen()
    {
        var ids = Adults(2);
        await Admin.RevokeConsentsAsync(ids[0], "so-y-te");
        await Admin.RevokeConsentsAsync(ids[1], "so-y-te");
        await Admin.RecordConsentAsync(ids[0], "so-y-te", Purpose, ["Citizen.phoneNumber"], null);

        var response = await Read(ids);

        var citizens = Citizens(response);
        Assert.NotNull(citizens[ids[0]]!["phoneNumber"]);
        Assert.Null(citizens[ids[1]]!["phoneNumber"]);
        Assert.NotNull(citizens[ids[1]]!["fullName"]);
        var error = Assert.Single(response.Errors);
        Assert.Equal("CONSENT_REQUIRED", error!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consent_is_looked_up_once_per_level_not_once_per_citizen()
    {
        var ids = Adults(50);
        var counter = _hub.Services.GetRequiredService<RegistryCommandCounter>();
        counter.Reset();

        var response = await Read(ids);

        Assert.Equal(50, Citizens(response).Count);
        Assert.Equal(1, response.SourceCalls("population"));
        Assert.Equal(1, counter.CountContaining("ConsentRecords"));
    }

    [Fact]
    public async Task A_withdrawn_consent_changes_the_next_response()
    {
        var id = Adults(1)[0];
        await Admin.RecordConsentAsync(id, "so-y-te", Purpose, ["Citizen.phoneNumber"], null);
        var before = Citizens(await Read([id]))[id]!;

        await Admin.RevokeConsentsAsync(id, "so-y-te");
        var after = await Read([id]);

        Assert.NotNull(before["phoneNumber"]);
        Assert.Null(Citizens(after)[id]!["phoneNumber"]);
        Assert.Contains("CONSENT_REQUIRED", after.ErrorCodes);
    }

    [Fact]
    public async Task An_expired_consent_counts_as_none()
    {
        var id = Adults(1)[0];
        await Admin.RevokeConsentsAsync(id, "so-y-te");
        await Admin.RecordConsentAsync(id, "so-y-te", Purpose, ["Citizen.phoneNumber"], DateTime.UtcNow.AddMinutes(-1));

        var response = await Read([id]);

        Assert.Null(Citizens(response)[id]!["phoneNumber"]);
        Assert.Contains("CONSENT_REQUIRED", response.ErrorCodes);
    }

    [Fact]
    public async Task A_revoked_grant_applies_to_the_next_request()
    {
        var id = Adults(1)[0];
        await Admin.RecordConsentAsync(id, "so-y-te", Purpose, ["Citizen.phoneNumber"], null);
        Assert.Empty((await Read([id])).Errors);

        var revoked = await Admin.RevokeGrantsAsync("so-y-te", "Citizen.phoneNumber", Purpose);
        var response = await Read([id]);

        Assert.Equal(1, revoked);
        Assert.Equal(["FIELD_NOT_GRANTED"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_new_grant_applies_to_the_next_request()
    {
        const string Query = "{ citizens(first: 1) { nodes { occupation } } }";
        var token = _hub.DepartmentToken("so-y-te");
        Assert.Equal(["FIELD_NOT_GRANTED"], (await _hub.PostAsync(Query, token: token, purpose: Purpose)).ErrorCodes);

        await Admin.GrantAsync("so-y-te", "Citizen.occupation", Purpose, "Luật Khám bệnh, chữa bệnh 2023", DateTime.UtcNow.AddMinutes(-1), null, "test");

        Assert.Empty((await _hub.PostAsync(Query, token: token, purpose: Purpose)).Errors);
    }

    public void Dispose() => _hub.Dispose();

    private List<string> Adults(int count) => data.Column("population",
        $"SELECT personal_id FROM citizens WHERE phone_number IS NOT NULL AND blood_type IS NOT NULL ORDER BY personal_id DESC LIMIT {count}");

    private Task<GraphQLResponse> Read(IReadOnlyList<string> ids) => _hub.PostAsync(
        "query($ids: [ID]) { citizens(first: 100, where: { personalId: { in: $ids } }) { nodes { personalId fullName phoneNumber } } }",
        new { ids }, token: _hub.DepartmentToken("so-y-te"), purpose: Purpose);

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Citizens(GraphQLResponse response) =>
        response.Data!["citizens"]!["nodes"]!.AsArray().ToDictionary(n => n!["personalId"]!.GetValue<string>(), n => n);
}

/// <summary>Counts the registry's SQL statements, to prove look-ups are batched.</summary>
public sealed class RegistryCommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _commands = new();

    public void Reset() => _commands.Clear();

    public int CountContaining(string text) => _commands.Count(c => c.Contains(text, StringComparison.Ordinal));

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }
}
