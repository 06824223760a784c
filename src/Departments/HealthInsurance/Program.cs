namespace DataHub.Departments.HealthInsurance;

/// <summary>
/// Runs the health insurance service on its own:
/// <c>dotnet run --project src/Departments/HealthInsurance -- --data src/Hub/data/departments</c>.
/// In Development the hub starts it as a child process (DataHub:DemoDepartments:Enabled).
/// </summary>
public static class HealthInsuranceProgram
{
    public static int Main(string[] args)
    {
        DepartmentOptions options;
        try
        {
            options = DepartmentOptions.Parse(args, HealthInsuranceService.DefaultUrl);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var app = HealthInsuranceService.Build(options);
        Console.WriteLine($"Health insurance service (REST) on {options.Url}, {options.Seed.Citizens} citizens (seed {options.Seed.RandomSeed})");
        app.Run();
        return 0;
    }
}
