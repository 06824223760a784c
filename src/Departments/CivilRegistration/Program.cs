namespace DataHub.Departments.CivilRegistration;

/// <summary>
/// Runs the civil registration service on its own:
/// <c>dotnet run --project src/Departments/CivilRegistration -- --data src/Hub/data/departments</c>.
/// In Development the hub starts it as a child process (DataHub:DemoDepartments:Enabled).
/// </summary>
public static class CivilRegistrationProgram
{
    public static int Main(string[] args)
    {
        var options = DepartmentOptions.Read(args, CivilRegistrationService.DefaultUrl,
            "The Department of Justice's civil registration service (GraphQL), a demo department database behind the hub.",
            Console.Out, Console.Error, out var exitCode);
        if (options is null)
        {
            return exitCode;
        }

        var app = CivilRegistrationService.Build(options);
        Console.WriteLine($"Civil registration service (GraphQL) on {options.Url}/graphql, {options.Seed.Citizens} citizens (seed {options.Seed.RandomSeed})");
        app.Run();
        return 0;
    }
}
