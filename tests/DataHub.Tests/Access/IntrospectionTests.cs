using DataHub.Tests.Infrastructure;
using Snapshooter;
using Snapshooter.Xunit;

namespace DataHub.Tests.Access;

/// <summary>Introspection shows each caller the fields it may read for some purpose.</summary>
[Collection(HubCollection.Name)]
public sealed class IntrospectionTests(DemoDataFixture data, SharedHub shared) : IClassFixture<SharedHub>
{
    private const string Query = """
        {
          citizen: __type(name: "Citizen") { fields { name } }
          filter: __type(name: "CitizenFilterInput") { inputFields { name } }
          parcel: __type(name: "LandParcel") { fields { name } }
        }
        """;

    private readonly HubFactory _hub = shared.For(data.DataDirectory);

    [Theory]
    [InlineData("so-y-te")]
    [InlineData("so-tnmt")]
    public async Task A_department_sees_its_own_schema(string department)
    {
        var response = await _hub.PostAsync(Query, token: _hub.DepartmentToken(department));

        Assert.Empty(response.Errors);
        Snapshot.Match(response.Data.ForSnapshot(), SnapshotNameExtension.Create(department));
    }

    [Fact]
    public async Task The_health_department_sees_consent_fields_but_not_land_and_the_land_department_the_reverse()
    {
        var health = Fields(await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-y-te")));
        var land = Fields(await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-tnmt")));

        Assert.Contains("bloodType", health);
        Assert.DoesNotContain("landRights", health);
        Assert.Contains("landRights", land);
        Assert.DoesNotContain("bloodType", land);
        Assert.All(new[] { health, land }, fields => Assert.Contains("fullName", fields));
    }

    [Fact]
    public async Task A_steward_sees_every_field_but_the_never_exposed_ones()
    {
        var fields = Fields(await _hub.PostAsync(Query));

        Assert.Contains("bloodType", fields);
        Assert.Contains("landRights", fields);
        Assert.Contains("occupation", fields);
        Assert.DoesNotContain("faceImage", fields);
        Assert.DoesNotContain("fingerprints", fields);
    }

    [Fact]
    public async Task A_department_cannot_see_a_field_in_the_filter_input_it_may_not_read()
    {
        var response = await _hub.PostAsync(Query, token: _hub.DepartmentToken("so-tnmt"));

        var filter = response.Data!["filter"]!["inputFields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("fullName", filter);
        Assert.DoesNotContain("occupation", filter);
    }

    private static List<string> Fields(GraphQLResponse response) =>
        response.Data!["citizen"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
}
