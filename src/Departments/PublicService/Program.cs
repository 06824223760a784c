namespace DataHub.Departments.PublicService;

/// <summary>
/// The online public service (dịch vụ công trực tuyến) for birth and death registration; in Development the hub starts it.
/// On its own: <c>DATAHUB_CLIENT_SECRET=… dotnet run --project src/Departments/PublicService -- --hub http://127.0.0.1:5080</c>.
/// </summary>
public static class PublicServiceProgram
{
    public static int Main(string[] args)
    {
        PublicServiceOptions options;
        try
        {
            options = PublicServiceOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var app = PublicServiceApp.Build(options);
        Console.WriteLine($"Public service (dịch vụ công) on {options.Url}, hub {options.Hub}");
        app.Run();
        return 0;
    }
}
