using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Hosting;

/// <summary>A misconfiguration stops the start with a message naming the key, before anything is served.</summary>
[Collection(HubCollection.Name)]
public sealed class OptionsValidationTests(DemoDataFixture data)
{
    [Theory]
    [InlineData("Sources__health-insurance__BreakSeconds", "0.1", "Sources:health-insurance:BreakSeconds")]
    [InlineData("Sources__civil-registration__TimeoutSeconds", "-1", "Sources:civil-registration:TimeoutSeconds")]
    [InlineData("DataHub__Paging__MaxPageSize", "0", "MaxPageSize")]
    public async Task A_bad_setting_stops_the_start_naming_its_key(string variable, string value, string named)
    {
        var settings = new Dictionary<string, string>
        {
            [variable] = value,
            ["ConnectionStrings__Registry"] = $"Data Source={Path.Combine(data.DataDirectory, $"registry-options-{Guid.NewGuid():N}.db")};Pooling=False",
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HubProcess.StartAsync(data.DataDirectory, settings));

        Assert.StartsWith("The hub exited at start", failure.Message);
        Assert.Contains(named, failure.Message);
        Assert.DoesNotContain("   at ", failure.Message); // a message, not a stack trace
    }
}
