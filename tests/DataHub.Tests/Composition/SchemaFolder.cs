namespace DataHub.Tests.Composition;

/// <summary>A copy of the repository's schema/ folder in a temp directory, to break on purpose.</summary>
internal sealed class SchemaFolder : IDisposable
{
    public SchemaFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datahub-schema-" + Guid.NewGuid().ToString("N"), "schema");
        Directory.CreateDirectory(Path);
        foreach (var file in Directory.GetFiles(RepositorySchemaDirectory))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public static string RepositorySchemaDirectory { get; } = FindSchemaDirectory();

    public string Path { get; }

    /// <summary>Replaces text in one file; fails the test if the text is not there (so the break really happens).</summary>
    public void Replace(string file, string oldText, string newText)
    {
        var path = System.IO.Path.Combine(Path, file);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text);
        File.WriteAllText(path, text.Replace(oldText, newText));
    }

    public int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(System.IO.Path.Combine(Path, file)), l => l.Contains(text)) + 1;

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);

    private static string FindSchemaDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "DataHub.sln")))
        {
            directory = directory.Parent;
        }

        return System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("DataHub.sln not found"), "schema");
    }
}
