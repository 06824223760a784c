using System.Text.Json.Nodes;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.Access;

/// <summary>
/// Every demo department × purpose × citizen field (the 20-field baseline and the restricted ones), through HTTP,
/// against what schema/access-policy.json says — read here independently of the hub's registry code.
/// </summary>
public abstract class AccessMatrixTests(DemoDataFixture data, HubFactory hub) : IDisposable
{
    private static readonly PolicyFile Policy = PolicyFile.Load();
    private readonly HubFactory _hub = hub;

    public static TheoryData<string> Departments => new(Policy.Departments);

    [Theory]
    [MemberData(nameof(Departments))]
    public async Task Each_field_is_allowed_exactly_when_the_baseline_or_a_grant_says_so(string department)
    {
        var personalId = data.Column("population", "SELECT personal_id FROM citizens ORDER BY personal_id LIMIT 1")[0];
        var token = _hub.DepartmentToken(department);
        var checkedCells = 0;

        foreach (var purpose in Policy.Purposes)
        {
            foreach (var field in Policy.BaselineFields.Concat(Policy.RestrictedCitizenFields))
            {
                var response = await _hub.PostAsync(
                    $"query($id: ID!) {{ citizen(personalId: $id) {{ {Selection(field)} }} }}", new { id = personalId }, token: token, purpose: purpose);

                var codes = response.ErrorCodes.ToList();
                if (!Policy.MayStatePurpose(department, purpose))
                {
                    Assert.Equal(["PURPOSE_NOT_ALLOWED"], codes);
                    Assert.Null(response.Data);
                }
                else if (Policy.BaselineFields.Contains(field) || Policy.HasGrant(department, purpose, field))
                {
                    Assert.DoesNotContain("FIELD_NOT_GRANTED", codes);
                    Assert.NotNull(response.Data?["citizen"]);
                }
                else
                {
                    Assert.True(codes.Count > 0 && codes.All(c => c == "FIELD_NOT_GRANTED"), $"{department}/{purpose}/{field}: {response.Body}");
                    Assert.Equal($"Citizen.{field}", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
                    Assert.Null(response.Json?["extensions"]?["sourceCalls"]);
                }

                checkedCells++;
            }
        }

        Assert.Equal(Policy.Purposes.Count * (20 + Policy.RestrictedCitizenFields.Count), checkedCells);
    }

    public void Dispose()
    {
        _hub.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Selection(string field) => field switch
    {
        "father" or "mother" or "spouse" or "householdHead" or "legalRepresentative" => $"{field} {{ personalId }}",
        "idCard" => "idCard { issuedOn }",
        "household" => "household { id }",
        "landRights" => "landRights { rightId }",
        "benefitCases" or "funeralAllowanceCases" => $"{field} {{ caseId }}",
        "birthRegistration" or "deathRegistration" or "marriages" => $"{field} {{ registrationNumber }}",
        "insuranceCard" => "insuranceCard { cardNumber }",
        _ => field,
    };

    /// <summary>The seed policy, read straight from the JSON file.</summary>
    private sealed class PolicyFile
    {
        public List<string> Departments { get; } = [];

        public List<string> Purposes { get; } = [];

        public HashSet<string> BaselineFields { get; } = [];

        public List<string> RestrictedCitizenFields { get; } = [];

        private readonly Dictionary<string, HashSet<string>> _purposeDepartments = [];
        private readonly HashSet<(string Department, string Purpose, string Field)> _grants = [];

        public bool MayStatePurpose(string department, string purpose) => _purposeDepartments[purpose].Contains(department);

        public bool HasGrant(string department, string purpose, string field) => _grants.Contains((department, purpose, $"Citizen.{field}"));

        public static PolicyFile Load()
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Composition.SchemaFolder.RepositorySchemaDirectory, "access-policy.json")))!;
            var policy = new PolicyFile();
            // An aggregate-only department (the IOC) reads no record at all: StatisticsTests walks every record root field for it.
            policy.Departments.AddRange(json["departments"]!.AsArray()
                .Where(d => d!["aggregateOnly"]?.GetValue<bool>() != true)
                .Select(d => d!["code"]!.GetValue<string>()));
            foreach (var purpose in json["purposes"]!.AsArray())
            {
                var code = purpose!["code"]!.GetValue<string>();
                policy.Purposes.Add(code);
                policy._purposeDepartments[code] = purpose["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ToHashSet();
            }

            foreach (var field in json["baseline"]!.AsArray())
            {
                policy.BaselineFields.Add(field!.GetValue<string>()["Citizen.".Length..]);
            }

            foreach (var entry in json["classification"]!.AsArray())
            {
                if (entry!["class"]!.GetValue<string>() is "restricted" or "consent-required")
                {
                    policy.RestrictedCitizenFields.AddRange(entry["fields"]!.AsArray().Select(f => f!.GetValue<string>())
                        .Where(f => f.StartsWith("Citizen.", StringComparison.Ordinal)).Select(f => f["Citizen.".Length..]));
                }
            }

            foreach (var grant in json["grants"]!.AsArray())
            {
                foreach (var purpose in grant!["purposes"]!.AsArray())
                {
                    foreach (var field in grant["fields"]!.AsArray())
                    {
                        policy._grants.Add((grant["department"]!.GetValue<string>(), purpose!.GetValue<string>(), field!.GetValue<string>()));
                    }
                }
            }

            return policy;
        }
    }
}

/// <summary>The matrix with the registry on SQLite (the embedded default).</summary>
[Collection(HubCollection.Name)]
public sealed class AccessMatrixOnSqliteTests(DemoDataFixture data) : AccessMatrixTests(data, new HubFactory(data.DataDirectory));

/// <summary>The matrix with the registry and audit on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccessMatrixOnPostgresTests(DemoDataFixture data, PostgresFixture postgres)
    : AccessMatrixTests(data, HubFactory.OnPostgres(data.DataDirectory, postgres));
