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
        var options = DepartmentOptions.Read(args, HealthInsuranceService.DefaultUrl,
            "Provincial Social Security's health insurance service (REST/JSON), a demo department database behind the hub.",
            Console.Out, Console.Error, out var exitCode);
        if (options is null)
        {
            return exitCode;
        }

        var app = HealthInsuranceService.Build(options);
        Console.WriteLine($"Health insurance service (REST) on {options.Url}, {options.Seed.Citizens} citizens (seed {options.Seed.RandomSeed})");
        app.Run();
        return 0;
    }
}
