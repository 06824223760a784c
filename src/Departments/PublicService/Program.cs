namespace DataHub.Departments.PublicService;

/// <summary>
/// The online public service (dịch vụ công trực tuyến) for birth and death registration; in Development the hub starts it.
/// On its own: <c>DATAHUB_CLIENT_SECRET=… dotnet run --project src/Departments/PublicService -- --hub http://127.0.0.1:5080</c>.
/// </summary>
public static class PublicServiceProgram
{
    public static int Main(string[] args)
    {
        var options = PublicServiceOptions.Read(args, Console.Out, Console.Error, out var exitCode);
        if (options is null)
        {
            return exitCode;
        }

        var app = PublicServiceApp.Build(options);
        Console.WriteLine($"Public service (dịch vụ công) on {options.Url}, hub {options.Hub}");
        app.Run();
        return 0;
    }
}
