namespace DataHub.BrowserTests;

/// <summary>Where the browser tests keep their screenshots: <c>tests/artifacts</c> of the repository (not committed).</summary>
public static class Artifacts
{
    public static string Repository => Path.GetDirectoryName(DataHub.Tests.Composition.SchemaFolder.RepositorySchemaDirectory)!;

    public static string PathOf(string name)
    {
        var directory = Path.Combine(Repository, "tests", "artifacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
