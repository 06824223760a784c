namespace DataHub.Departments.PublicService;

/// <summary>The app's GraphQL documents, one <c>.graphql</c> file each under Documents/.</summary>
public static class Documents
{
    public static readonly string FilerProfile = Read("FilerProfile.graphql");

    public static readonly string Dossier = Read("Dossier.graphql");

    public static readonly string PublishFiling = Read("PublishFiling.graphql");

    private static string Read(string file)
    {
        var assembly = typeof(Documents).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
