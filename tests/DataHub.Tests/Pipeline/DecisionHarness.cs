using DataHub.Connectors;
using DataHub.Hub.Access;
using DataHub.Hub.Composition;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using DataHub.Tests.Composition;
using GraphQL;
using GraphQL.Types;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Tests.Pipeline;

/// <summary>
/// The access decision without a host, as GraphQL.NET's <c>ValidationTestBase</c> tests its rules: the composite
/// schema from <c>schema/</c>, the registry seeded from the policy file into a throwaway SQLite file, the executable
/// schema with no connectors at all, and the check between validation and execution. A document, a caller, the
/// expected codes: every bypass is a line.
/// </summary>
public sealed class DecisionHarness : IDisposable
{
    private readonly string _registryFile = Path.Combine(Path.GetTempPath(), $"datahub-decisions-{Guid.NewGuid():N}.db");
    private readonly ISchema _schema;
    private readonly OperationCheck _check;
    private readonly DocumentExecuter _executer = new();

    public DecisionHarness()
    {
        var errors = new List<CompositionError>();
        var composite = SchemaComposer.Compose(
            SourceCatalog.SourceFiles(SchemaFolder.RepositorySchemaDirectory).Select(f => SourceSchemaReader.Read(f, errors)).ToList(), errors);
        var options = new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite($"Data Source={_registryFile};Pooling=False").Options;
        var registry = new PooledDbContextFactory<RegistryDbContext>(options);
        using (var db = registry.CreateDbContext())
        {
            db.Database.EnsureCreated();
            RegistrySeeder.SeedAsync(db, Path.Combine(SchemaFolder.RepositorySchemaDirectory, "access-policy.json"), composite, null, CancellationToken.None)
                .GetAwaiter().GetResult();
        }

        Decisions = new AccessDecisions(registry, TimeProvider.System);
        var limits = new RequestLimits();
        var paging = new PagingRules(new PagingOptions(), limits);
        var services = new ServiceCollection().BuildServiceProvider();
        // No connector at all: a request that got past the check would fail loudly, not read anything.
        var resolution = new FieldResolution(composite, new SourceGateway(new Dictionary<string, ISourceConnector>()), paging, Decisions);
        _schema = ExecutableSchemaFactory.Build(composite, resolution, services, Hub.Audit.AuditQueries.Fields(services));
        _check = new OperationCheck(new OperationPlanner(composite, limits, paging), Decisions);
    }

    public AccessDecisions Decisions { get; }

    /// <summary>Runs the check on one request; the result's error codes, and the plan when it was made.</summary>
    public async Task<(IReadOnlyList<string> Codes, OperationPlan? Plan)> CheckAsync(
        HubPrincipal principal, string? purpose, string query, string? variablesJson = null)
    {
        var request = new HubRequestContext(principal, purpose);
        var result = await _executer.ExecuteAsync(options =>
        {
            options.Schema = _schema;
            options.Query = query;
            options.Variables = variablesJson is null ? null : new GraphQL.SystemTextJson.GraphQLSerializer().Deserialize<Inputs>(variablesJson);
            options.UserContext = request;
            options.Listeners.Add(_check);
            options.ThrowOnUnhandledException = false;
        });
        return (result.Executed ? [] : result.Errors?.Select(e => e.Code ?? "").ToList() ?? [], request.Plan);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_registryFile);
    }
}
