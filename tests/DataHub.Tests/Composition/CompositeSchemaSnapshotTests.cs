using DataHub.Hub.Composition;
using DataHub.Tests.Infrastructure;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace DataHub.Tests.Composition;

[Collection(HubCollection.Name)]
public sealed class CompositeSchemaSnapshotTests(DemoDataFixture data) : IDisposable
{
    private readonly HubFactory _hub = new(data.DataDirectory);

    [Fact]
    public void The_composite_schema_matches_its_snapshot()
    {
        var sdl = CompositeSchemaFile.Print(_hub.Services.GetRequiredService<ISchema>());

        Snapshot.Match(sdl);
    }

    [Fact]
    public void The_committed_composite_graphql_is_what_the_hub_serves()
    {
        var sdl = CompositeSchemaFile.Print(_hub.Services.GetRequiredService<ISchema>());
        var committed = File.ReadAllText(Path.Combine(SchemaFolder.RepositorySchemaDirectory, CompositeSchemaFile.FileName));

        Assert.Equal(committed, sdl);
    }

    public void Dispose() => _hub.Dispose();
}
