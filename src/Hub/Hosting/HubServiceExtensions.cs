using System.Text.Encodings.Web;
using DataHub.Connectors;
using DataHub.Connectors.Http;
using DataHub.Hub.Access;
using DataHub.Hub.Audit;
using DataHub.Hub.Composition;
using DataHub.Hub.Events;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>How the features are registered, so that Program.cs stays a screenful.</summary>
public static partial class HubServiceExtensions
{
    /// <summary>Source schemas, composition, connectors and the executable GraphQL schema.</summary>
    public static IServiceCollection AddDataHubComposition(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataHubOptions>().BindConfiguration(DataHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PagingOptions>().BindConfiguration(PagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // One named options instance per configured source; the catalogue reads them through IOptionsMonitor, which
        // validates as it creates them, so a bad value stops the start with its key before anything is composed.
        services.AddSingleton<IValidateOptions<SourceConnectionOptions>, SourceConnectionValidation>();
        foreach (var source in configuration.GetSection(SourceConnectionOptions.SectionName).GetChildren())
        {
            services.AddOptions<SourceConnectionOptions>(source.Key).BindConfiguration(source.Path).ValidateOnStart();
        }

        services.AddOptions<RequestLimits>().BindConfiguration(RequestLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RequestLimits>>().Value);
        services.AddSingleton<SqlCommandLog>();
        services.AddHttpSourceClients();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var contentRoot = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var dataDirectory = options.ResolvePath(contentRoot, options.DataDirectory);
            Telemetry.DataHubTelemetry.ObserveCircuits(sp.GetRequiredService<HttpSourceClients>());
            return SourceCatalog.Load(
                options.ResolvePath(contentRoot, options.SchemaDirectory),
                source => ConnectionOf(sp.GetRequiredService<IOptionsMonitor<SourceConnectionOptions>>(), source, dataDirectory),
                options.RecordSql ? sp.GetRequiredService<SqlCommandLog>() : null,
                sp.GetRequiredService<HttpSourceClients>());
        });
        services.AddSingleton(sp => new SourceGateway(sp.GetRequiredService<SourceCatalog>().Connectors));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DataHubOptions>>().Value;
            var dataDirectory = options.ResolvePath(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, options.DataDirectory);
            return new SourceProvenance(sp.GetRequiredService<SourceCatalog>().Composite, source => ConnectionOf(sp.GetRequiredService<IOptionsMonitor<SourceConnectionOptions>>(), source, dataDirectory), TimeProvider.System);
        });
        services.AddSingleton(sp => new PagingRules(sp.GetRequiredService<IOptions<PagingOptions>>().Value, sp.GetRequiredService<RequestLimits>()));
        services.AddSingleton<OperationPlanner>();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLPipeline>();
        services.AddSingleton(sp => sp.GetRequiredService<SourceCatalog>().Composite);
        services.AddSingleton(sp => new FieldResolution(
            sp.GetRequiredService<CompositeSchema>(), sp.GetRequiredService<SourceGateway>(), sp.GetRequiredService<PagingRules>(),
            sp.GetRequiredService<AccessDecisions>()));
        services.AddHttpContextAccessor();
        services.AddSingleton<AccessSchemaFilter>();

        services.AddGraphQL(graphQL => graphQL
            .AddSchema(sp =>
            {
                var composite = sp.GetRequiredService<CompositeSchema>();
                var consent = new ConsentFields(sp, sp.GetRequiredService<IOptions<Identity.CitizenIdOptions>>().Value.ConsentLevel); // issue 17
                var schema = ExecutableSchemaFactory.Build(
                    composite, sp.GetRequiredService<FieldResolution>(), sp, AuditQueries.Fields(sp).Append(LifeEventFields.Query(sp))
                        .Concat(Dossiers.DossierFields.Query(sp)).Concat(consent.Query()),
                    mutationFields: [LifeEventFields.Mutation(sp), .. consent.Mutations()], subscriptionFields: [LifeEventFields.Subscription(sp), Portal.CitizenNotificationFields.Subscription(sp)],
                    moreTypes: [LifeEventFields.EventType(composite), .. consent.Types(), Portal.CitizenNotificationFields.NotificationType()]);
                schema.Filter = sp.GetRequiredService<AccessSchemaFilter>();
                return schema;
            })
            // Between validation and execution, every operation is planned as it will execute, held to the limits and put
            // to the access decision; cached documents too, since the check runs after the cache, on each request.
            .AddDocumentListener<OperationCheck>()
            // Parsed, validated documents are reused by query text.
            .ConfigureExecution<DocumentCache>()
            // Resolvers run one after another; the batch loaders still fetch every source of a level at once
            // (HubRequestContext.DispatchPending). The parallel strategy only added tasks and contended locks.
            .AddExecutionStrategy<global::GraphQL.Execution.SerialExecutionStrategy>(global::GraphQLParser.AST.OperationType.Query)
            // A subscription's document runs once per life event, like a query, with the event as its root value
            // (Events/LifeEventSubscriptions); the transports stream, not GraphQL.NET's subscription strategy.
            .AddExecutionStrategy<global::GraphQL.Execution.SerialExecutionStrategy>(global::GraphQLParser.AST.OperationType.Subscription)
            // Vietnamese names stay readable: responses are JSON, never embedded in HTML, so minimal escaping is safe.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(new HubErrorInfoProvider())
            .AddUnhandledExceptionHandler(HandleResolverException)
            .ConfigureExecutionOptions(options => options.ThrowOnUnhandledException = false));

        // The parser's own recursion limit (a query nested thousands deep is refused, not a stack overflow), and the
        // document's size as written, before validation.
        services.AddSingleton<global::GraphQL.Execution.IDocumentBuilder, LimitedDocumentBuilder>();
        // Validation inside a span of its own (a null check when tracing is off).
        services.AddSingleton<global::GraphQL.Validation.IDocumentValidator>(
            new Telemetry.TracedDocumentValidator(new global::GraphQL.Validation.DocumentValidator()));
        return services;
    }

    /// <summary>Builds the composite schema now, so a broken source schema stops start-up; writes composite.graphql.</summary>
    public static WebApplication ComposeSchema(this WebApplication app)
    {
        var schema = app.Services.GetRequiredService<ISchema>();
        var options = app.Services.GetRequiredService<IOptions<DataHubOptions>>().Value;
        if (options.WriteCompositeSchema)
        {
            var directory = options.ResolvePath(app.Environment.ContentRootPath, options.SchemaDirectory);
            if (CompositeSchemaFile.WriteIfChanged(directory, CompositeSchemaFile.Print(schema)))
            {
                LogSchemaWritten(app.Logger, Path.Combine(directory, CompositeSchemaFile.FileName));
            }
        }

        return app;
    }

    private static SourceConnectionOptions ConnectionOf(IOptionsMonitor<SourceConnectionOptions> sources, string source, string dataDirectory)
    {
        var connection = sources.Get(source);
        if (string.IsNullOrWhiteSpace(connection.ConnectionString) && connection.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            // The embedded default: the demo SQLite file of that source in the data folder, read-only.
            connection.ConnectionString = $"Data Source={Path.Combine(dataDirectory, source + ".db")};Mode=ReadOnly";
        }

        return connection;
    }

    // Errors from resolvers reach callers as a stable code and a safe message; details stay in the server log.
    private static Task HandleResolverException(global::GraphQL.Execution.UnhandledExceptionContext context)
    {
        var services = context.Context?.RequestServices ?? context.ExecutionOptions?.RequestServices;
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger("DataHub.Execution");
        switch (context.OriginalException)
        {
            case SourceUnavailableException unavailable:
                if (logger is not null)
                {
                    LogSourceFailure(logger, unavailable.SourceName, unavailable.InnerException?.GetType().Name ?? "error");
                }

                context.Exception = new DataHubError(ErrorCodes.SourceUnavailable,
                    $"The source '{unavailable.SourceName}' is unavailable; its fields are null, the rest is returned.");
                break;
            case ExecutionError:
                break;
            case global::GraphQLParser.Exceptions.GraphQLMaxDepthExceededException:
                context.Exception = new DataHubError(ErrorCodes.QueryTooDeep,
                    "The query text nests deeper than the parser's limit (DataHub:Limits:MaxParserDepth).");
                break;
            case var ex when DatabaseErrors.IsUnavailable(ex):
                context.Exception = new DataHubError(DatabaseErrors.Code, "The hub's database is unavailable; try again shortly.");
                break;
            default:
                if (logger is not null)
                {
                    LogUnexpected(logger, context.OriginalException);
                }

                context.Exception = new DataHubError(ErrorCodes.InternalError, "The hub could not resolve this field.");
                break;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Composite schema written to {Path}")]
    private static partial void LogSchemaWritten(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} failed ({Error})")]
    private static partial void LogSourceFailure(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error while resolving a field")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
