using DataHub.Departments.LienThong;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Departments.Police;

/// <summary>
/// The provincial police's (cong-an) liên thông worker: on BirthRegistered it registers the child's permanent residence in
/// the parents' household in the population database and publishes PermanentResidenceRegistered; on DeathRegistered it
/// records the death, removes the permanent residence and publishes PermanentResidenceRemoved. In Development the hub
/// starts it as a child process; on its own:
/// <c>DATAHUB_CLIENT_SECRET=… dotnet run --project src/Departments/Police -- --hub http://127.0.0.1:5080 --database src/Hub/data/population.db</c>.
/// </summary>
public static class PoliceProgram
{
    public const string Department = "cong-an";

    public static int Main(string[] args) => WorkerHost.Run(args, Department, services =>
    {
        services.AddHostedService<ResidenceWorker>();
        services.AddHostedService<DeathWorker>();
    });
}
