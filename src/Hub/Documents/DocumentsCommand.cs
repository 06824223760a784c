using System.CommandLine;
using DataHub.Hub.Hosting;

namespace DataHub.Hub.Documents;

/// <summary>
/// <c>documents push --department CODE --app-version V DIR</c>: registers every <c>*.graphql</c> file under DIR as one
/// app version of the department's app, pending review, and prints each document's id, state, fields and purposes.
/// Exit codes as for every command (<see cref="HubCommandLine"/>): 0 registered, 1 refused (nothing registered; the
/// reasons are printed), 2 not run (usage, a missing directory).
/// </summary>
public static class DocumentsCommand
{
    public static Command Create(Func<Task<IServiceProvider>> services, TextWriter? output = null, TextWriter? errors = null)
    {
        var department = new Option<string>("--department") { Description = "The department whose app this is (e.g. so-y-te).", HelpName = "code", Required = true };
        var appVersion = new Option<string>("--app-version") { Description = "The app version the documents belong to (e.g. 1.4).", HelpName = "version", Required = true };
        var directory = new Argument<DirectoryInfo>("directory") { Description = "A folder of .graphql files (searched recursively)." };
        var push = new Command("push", "Register an app version's operations for a steward's review.") { department, appVersion, directory };
        push.SetAction((parsed, cancellationToken) => PushAsync(
            services, parsed.GetValue(department)!, parsed.GetValue(appVersion)!, parsed.GetValue(directory)!,
            output ?? Console.Out, errors ?? Console.Error, cancellationToken));
        return new Command("documents", "Trusted documents: the operations a department's app may run.") { push };
    }

    /// <summary>Runs <c>documents …</c> against a prepared hub; for tests, which hold their own host.</summary>
    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors) =>
        HubCommandLine.InvokeAsync(new RootCommand { Create(() => Task.FromResult(services), output, errors) }, ["documents", .. args], errors);

    private static async Task<int> PushAsync(
        Func<Task<IServiceProvider>> services, string department, string appVersion, DirectoryInfo directory,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!directory.Exists)
        {
            return await FailAsync(errors, HubCommandLine.NotRun, $"'{directory}' is not a directory.");
        }

        var files = Directory.EnumerateFiles(directory.FullName, "*.graphql", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new DocumentFile(Path.GetRelativePath(directory.FullName, f), File.ReadAllText(f)))
            .ToList();
        if (files.Count == 0)
        {
            return await FailAsync(errors, HubCommandLine.NotRun, $"'{directory}' holds no .graphql files.");
        }

        try
        {
            var provider = await services();
            var documents = await provider.GetRequiredService<DocumentRegistration>().PushAsync(
                department, appVersion, files, $"command-line:{Environment.UserName}", cancellationToken);
            foreach (var document in documents)
            {
                await output.WriteLineAsync($"{document.Hash}  {document.Name}  {DocumentStates.Name(document.State)} (#{document.Id}, version {document.Version})");
                await output.WriteLineAsync($"  reads: {string.Join(", ", document.FieldList)}");
                await output.WriteLineAsync($"  purposes: {(document.Purposes.Length == 0 ? "none yet (a field is not granted)" : string.Join(", ", document.PurposeList))}");
            }

            await output.WriteLineAsync($"{documents.Count} document(s) of {department} {appVersion.Trim()}; a steward reviews them in the console (/steward/documents) or the admin API.");
            return HubCommandLine.Done;
        }
        catch (global::GraphQL.ExecutionError error)
        {
            return await FailAsync(errors, HubCommandLine.Failed, $"{error.Code}: {error.Message}");
        }
    }

    private static async Task<int> FailAsync(TextWriter errors, int exitCode, string message)
    {
        await errors.WriteLineAsync($"documents push: {message}");
        return exitCode;
    }
}
