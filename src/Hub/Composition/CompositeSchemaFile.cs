using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace DataHub.Hub.Composition;

/// <summary>The composed schema as clients see it, printed to <c>schema/composite.graphql</c>.</summary>
public static class CompositeSchemaFile
{
    public const string FileName = "composite.graphql";

    public static string Print(ISchema schema) =>
        "# The composite schema DataHub serves at /graphql, composed from the source schemas in this folder.\n" +
        "# Written by the hub at start-up and kept by a snapshot test; do not edit by hand.\n\n" +
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";

    /// <summary>Writes the file when its content changed; returns whether it did.</summary>
    public static bool WriteIfChanged(string schemaDirectory, string sdl)
    {
        var path = Path.Combine(schemaDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path) == sdl)
        {
            return false;
        }

        File.WriteAllText(path, sdl);
        return true;
    }
}
