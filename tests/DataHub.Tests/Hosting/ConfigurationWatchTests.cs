using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Hosting;

/// <summary>
/// The hub reads its settings files once: no file watcher on the content root, which would wake for every write under
/// it (the demo data folder, each audit commit).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ConfigurationWatchTests(DemoDataFixture data)
{
    [Fact]
    public void The_settings_files_are_read_without_a_watcher()
    {
        using var hub = new HubFactory(data.DataDirectory);
        var configuration = (IConfigurationRoot)hub.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<FileConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.Contains(files, f => f.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.ReloadOnChange, $"{f.Path} is watched"));
    }
}
