using DataHub.Departments.LienThong;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Departments.WelfareWorker;

/// <summary>
/// The Department of Labour, Invalids and Social Affairs' (so-ldtbxh) liên thông worker: on PermanentResidenceRemoved it
/// opens a funeral allowance case for the next of kin in the social-welfare database and publishes FuneralAllowanceOpened.
/// In Development the hub starts it as a child process; on its own:
/// <c>DATAHUB_CLIENT_SECRET=… dotnet run --project src/Departments/WelfareWorker -- --hub http://127.0.0.1:5080 --database src/Hub/data/social-welfare.db</c>.
/// </summary>
public static class WelfareWorkerProgram
{
    public const string Department = "so-ldtbxh";

    public static int Main(string[] args) => WorkerHost.Run(args, Department, services => services.AddHostedService<FuneralWorker>());
}
