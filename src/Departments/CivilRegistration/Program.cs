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
        DepartmentOptions options;
        try
        {
            options = DepartmentOptions.Parse(args, CivilRegistrationService.DefaultUrl);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var app = CivilRegistrationService.Build(options);
        Console.WriteLine($"Civil registration service (GraphQL) on {options.Url}/graphql, {options.Seed.Citizens} citizens (seed {options.Seed.RandomSeed})");
        app.Run();
        return 0;
    }
}
