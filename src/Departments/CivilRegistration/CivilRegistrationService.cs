using DataHub.Departments.CivilRegistration.Filing;
using DataHub.SyntheticData;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;

namespace DataHub.Departments.CivilRegistration;

/// <summary>
/// The civil registration service: GraphQL over HTTP at <c>POST /graphql</c> (GraphQL.NET), <c>GET /health</c>, and the
/// request counter at <c>GET /_requests</c>. Its data is civil-registration.db, built from the population's seed.
/// Its write path (the department's own, not the hub's): <c>POST /filings/births</c> and <c>POST /filings/deaths</c>
/// register a birth (allocating the child's personal ID) or a death and answer 201 with the registration number;
/// a bad filing is a 400 (409 for a death already registered) with a code, and writes nothing.
/// </summary>
public static class CivilRegistrationService
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    /// <summary>Builds the service (creating its data when missing); start it with <c>StartAsync</c> or <c>Run</c>.</summary>
    public static WebApplication Build(DepartmentOptions options)
    {
        var database = DepartmentHost.EnsureData(options, DepartmentDataSeeder.CivilRegistrationFile, DepartmentDataSeeder.SeedCivilRegistration);
        var builder = DepartmentHost.CreateBuilder(options);
        builder.Services.AddSingleton(new CivilRegistry(database));
        builder.Services.AddSingleton(new CivilRegistryWriter(database, TimeProvider.System));
        builder.Services.AddSingleton(new RegistryAggregates(
            new Aggregates.AggregateReader(database, RegistrationAggregates.Births), new Aggregates.AggregateReader(database, RegistrationAggregates.Deaths)));
        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<CivilRegistrationSchema>()
            .AddGraphTypes(typeof(CivilRegistrationSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider(o => o.ExposeExceptionDetails = false));

        var app = builder.Build();
        app.UseRequestCounter(app.Services.GetRequiredService<RequestCounter>());
        app.MapPost("/graphql", ExecuteAsync);
        app.MapPost("/filings/births", (BirthFiling filing, CivilRegistryWriter writer, CancellationToken ct) =>
            FileAsync(() => writer.FileBirthAsync(filing, ct)));
        app.MapPost("/filings/deaths", (DeathFiling filing, CivilRegistryWriter writer, CancellationToken ct) =>
            FileAsync(() => writer.FileDeathAsync(filing, ct)));
        app.MapGet("/health", async (CivilRegistry registry, CancellationToken ct) =>
            await registry.IsReadableAsync(ct) ? Results.Json(new { status = "ok" }) : Results.Json(new { status = "no data" }, statusCode: 503));
        return app;
    }

    private static async Task<IResult> FileAsync(Func<Task<FilingResult>> file)
    {
        try
        {
            return Results.Json(await file(), statusCode: StatusCodes.Status201Created);
        }
        catch (FilingRefusedException refusal)
        {
            return Results.Json(new { code = refusal.Code, error = refusal.Message }, statusCode: refusal.Status);
        }
    }

    private static async Task ExecuteAsync(
        HttpContext context, IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer)
    {
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(context.Request.Body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or GraphQL.Execution.InvalidOperationError)
        {
            request = null;
        }

        if (request?.Query is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "Expected a JSON body with a 'query'." } } });
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            RequestServices = context.RequestServices,
            CancellationToken = context.RequestAborted,
        });
        context.Response.ContentType = "application/json";
        if (result.Data is null && result.Errors?.Any(e => e.Code is Aggregates.AggregateRefusedException.UnknownDimension
            or Aggregates.AggregateRefusedException.UnknownField or Aggregates.AggregateRefusedException.BadCondition
            or Aggregates.AggregateRefusedException.TooLarge) == true)
        {
            // An aggregate it will not compute is the client's mistake: 400, with the code in extensions.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }
}
