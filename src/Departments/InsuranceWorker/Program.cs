using DataHub.Departments.LienThong;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Departments.InsuranceWorker;

/// <summary>
/// Provincial Social Security's (bhxh) liên thông worker: on PermanentResidenceRegistered of a child under 6 it issues a
/// free CHILD_UNDER_6 (TE) card in the health-insurance service's database and publishes InsuranceCardIssued. In
/// Development the hub starts it as a child process; on its own:
/// <c>DATAHUB_CLIENT_SECRET=… dotnet run --project src/Departments/InsuranceWorker -- --hub http://127.0.0.1:5080 --database src/Hub/data/departments/health-insurance.db</c>.
/// </summary>
public static class InsuranceWorkerProgram
{
    public const string Department = "bhxh";

    public static int Main(string[] args) => WorkerHost.Run(args, Department, services => services.AddHostedService<CardWorker>());
}
