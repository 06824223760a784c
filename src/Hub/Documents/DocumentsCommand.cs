namespace DataHub.Hub.Documents;

/// <summary>
/// <c>documents push --department CODE --app-version V DIR</c>: registers every <c>*.graphql</c> file under DIR as one
/// app version of the department's app, pending review, and prints each document's id, state, fields and purposes.
/// Exit codes: 0 registered, 1 refused (nothing registered; the reasons are printed), 2 usage.
/// </summary>
public static class DocumentsCommand
{
    private const string Usage = "usage: documents push --department <code> --app-version <version> <directory>";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        if (args is not ["push", .. var rest])
        {
            return Fail(errors, "say what to do: push.");
        }

        string? department = null, appVersion = null, directory = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--department" when i + 1 < rest.Length:
                    department = rest[++i];
                    break;
                case "--app-version" when i + 1 < rest.Length:
                    appVersion = rest[++i];
                    break;
                case var path when !path.StartsWith("--", StringComparison.Ordinal) && directory is null:
                    directory = path;
                    break;
                default:
                    return Fail(errors, $"'{rest[i]}' is not understood.");
            }
        }

        if (department is null || appVersion is null || directory is null)
        {
            return Fail(errors, "--department, --app-version and a directory are all needed.");
        }

        if (!Directory.Exists(directory))
        {
            return Fail(errors, $"'{directory}' is not a directory.");
        }

        var files = Directory.EnumerateFiles(directory, "*.graphql", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new DocumentFile(Path.GetRelativePath(directory, f), File.ReadAllText(f)))
            .ToList();
        if (files.Count == 0)
        {
            return Fail(errors, $"'{directory}' holds no .graphql files.");
        }

        try
        {
            var documents = await services.GetRequiredService<DocumentRegistration>().PushAsync(
                department, appVersion, files, $"command-line:{Environment.UserName}", CancellationToken.None);
            foreach (var document in documents)
            {
                await output.WriteLineAsync($"{document.Hash}  {document.Name}  {DocumentStates.Name(document.State)} (#{document.Id}, version {document.Version})");
                await output.WriteLineAsync($"  reads: {string.Join(", ", document.FieldList)}");
                await output.WriteLineAsync($"  purposes: {(document.Purposes.Length == 0 ? "none yet (a field is not granted)" : string.Join(", ", document.PurposeList))}");
            }

            await output.WriteLineAsync($"{documents.Count} document(s) of {department} {appVersion.Trim()}; a steward reviews them in the console (/steward/documents) or the admin API.");
            return 0;
        }
        catch (global::GraphQL.ExecutionError error)
        {
            await errors.WriteLineAsync($"documents push: {error.Code}: {error.Message}");
            return 1;
        }
    }

    private static int Fail(TextWriter errors, string message)
    {
        errors.WriteLine($"documents push: {message}");
        errors.WriteLine(Usage);
        return 2;
    }
}
