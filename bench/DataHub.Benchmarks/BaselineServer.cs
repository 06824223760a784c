using DataHub.SyntheticData;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.Data.Sqlite;

namespace DataHub.Benchmarks;

/// <summary>
/// The overhead scenario's baseline: a minimal GraphQL.NET endpoint over the same <c>population.db</c>, with none of the
/// hub's layers (no token, no access decision, no audit, no composition or batch loaders). It answers the same query
/// text with the same reads the hub makes: one SELECT for the citizen, one for the father, mother, spouse and
/// household head together. Runs as its own process: <c>DataHub.Benchmarks baseline-server --data DIR --urls URL</c>.
/// </summary>
public static class BaselineServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        var urls = Arg(args, "--urls") ?? "http://127.0.0.1:0";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var store = new Population($"Data Source={Path.Combine(data, DemoDataSeeder.PopulationFile)};Mode=ReadOnly");
        var schema = new Schema { Query = new BaselineQuery(store) };
        schema.Initialize();
        var executer = new DocumentExecuter();
        var serializer = new GraphQLSerializer();

        app.MapGet("/healthz", () => "ok");
        app.MapGet("/allocated", () => GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapPost("/graphql", async (HttpContext http) =>
        {
            var request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
            var result = await executer.ExecuteAsync(options =>
            {
                options.Schema = schema;
                options.Query = request!.Query;
                options.Variables = request.Variables;
                options.OperationName = request.OperationName;
                options.CancellationToken = http.RequestAborted;
            });
            http.Response.ContentType = "application/json; charset=utf-8";
            await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>One citizen's 20 shared fields, straight from the citizens table.</summary>
    public sealed record CitizenRow(
        string PersonalId, string? FormerIdNumber, string? FullName, string? DateOfBirth, string? Sex, string? BirthRegistrationPlace,
        string? Hometown, string? Ethnicity, string? Religion, string? Nationality, string? MaritalStatus, string? PermanentResidence,
        string? TemporaryResidence, string? CurrentResidence, string? FatherId, string? MotherId, string? SpouseId, string? HouseholdHeadId,
        string? RelationToHouseholdHead, string? DateOfDeath)
    {
        public CitizenRow? Father { get; set; }

        public CitizenRow? Mother { get; set; }

        public CitizenRow? Spouse { get; set; }

        public CitizenRow? HouseholdHead { get; set; }
    }

    private sealed class Population(string connectionString)
    {
        private const string Columns =
            "personal_id, former_id_number, full_name, date_of_birth, sex, birth_registration_place, hometown, ethnicity, religion, " +
            "nationality, marital_status, permanent_residence, temporary_residence, current_residence, father_personal_id, " +
            "mother_personal_id, spouse_personal_id, household_head_personal_id, relation_to_household_head, date_of_death";

        public async Task<CitizenRow?> CitizenAsync(string personalId, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var citizen = (await ReadAsync(connection, [personalId], cancellationToken)).FirstOrDefault();
            if (citizen is null)
            {
                return null;
            }

            string?[] relatedIds = [citizen.FatherId, citizen.MotherId, citizen.SpouseId, citizen.HouseholdHeadId];
            var related = (await ReadAsync(connection, relatedIds.OfType<string>().Distinct().ToList(), cancellationToken))
                .ToDictionary(r => r.PersonalId);
            citizen.Father = Find(related, citizen.FatherId);
            citizen.Mother = Find(related, citizen.MotherId);
            citizen.Spouse = Find(related, citizen.SpouseId);
            citizen.HouseholdHead = Find(related, citizen.HouseholdHeadId);
            return citizen;
        }

        private static CitizenRow? Find(Dictionary<string, CitizenRow> rows, string? id) => id is null ? null : rows.GetValueOrDefault(id);

        private static async Task<List<CitizenRow>> ReadAsync(SqliteConnection connection, List<string> ids, CancellationToken cancellationToken)
        {
            var rows = new List<CitizenRow>(ids.Count);
            if (ids.Count == 0)
            {
                return rows;
            }

            await using var command = connection.CreateCommand();
            var names = ids.Select((id, i) => command.Parameters.AddWithValue("@p" + i, id).ParameterName);
            command.CommandText = $"SELECT {Columns} FROM citizens WHERE personal_id IN ({string.Join(", ", names)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                rows.Add(new CitizenRow(reader.GetString(0), S(1), S(2), S(3), S(4), S(5), S(6), S(7), S(8), S(9), S(10), S(11), S(12),
                    S(13), S(14), S(15), S(16), S(17), S(18), S(19)));
            }

            return rows;
        }
    }

    private sealed class BaselineQuery : ObjectGraphType
    {
        public BaselineQuery(Population store)
        {
            Name = "Query";
            Field<CitizenType>("citizen")
                .Argument<NonNullGraphType<IdGraphType>>("personalId")
                .ResolveAsync(async context => await store.CitizenAsync(context.GetArgument<string>("personalId"), context.CancellationToken));
        }
    }

    private sealed class CitizenType : ObjectGraphType<CitizenRow>
    {
        public CitizenType()
        {
            Name = "Citizen";
            Field<NonNullGraphType<IdGraphType>>("personalId").Resolve(c => c.Source.PersonalId);
            Field<StringGraphType>("formerIdNumber").Resolve(c => c.Source.FormerIdNumber);
            Field<StringGraphType>("fullName").Resolve(c => c.Source.FullName);
            Field<StringGraphType>("dateOfBirth").Resolve(c => c.Source.DateOfBirth);
            Field<StringGraphType>("sex").Resolve(c => c.Source.Sex);
            Field<StringGraphType>("birthRegistrationPlace").Resolve(c => c.Source.BirthRegistrationPlace);
            Field<StringGraphType>("hometown").Resolve(c => c.Source.Hometown);
            Field<StringGraphType>("ethnicity").Resolve(c => c.Source.Ethnicity);
            Field<StringGraphType>("religion").Resolve(c => c.Source.Religion);
            Field<StringGraphType>("nationality").Resolve(c => c.Source.Nationality);
            Field<StringGraphType>("maritalStatus").Resolve(c => c.Source.MaritalStatus);
            Field<StringGraphType>("permanentResidence").Resolve(c => c.Source.PermanentResidence);
            Field<StringGraphType>("temporaryResidence").Resolve(c => c.Source.TemporaryResidence);
            Field<StringGraphType>("currentResidence").Resolve(c => c.Source.CurrentResidence);
            Field<CitizenType>("father").Resolve(c => c.Source.Father);
            Field<CitizenType>("mother").Resolve(c => c.Source.Mother);
            Field<CitizenType>("spouse").Resolve(c => c.Source.Spouse);
            Field<CitizenType>("householdHead").Resolve(c => c.Source.HouseholdHead);
            Field<StringGraphType>("relationToHouseholdHead").Resolve(c => c.Source.RelationToHouseholdHead);
            Field<StringGraphType>("dateOfDeath").Resolve(c => c.Source.DateOfDeath);
        }
    }
}
