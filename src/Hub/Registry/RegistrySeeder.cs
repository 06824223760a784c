using System.Text.Json;
using DataHub.Connectors;
using DataHub.Hub.Access;
using DataHub.Hub.Composition;
using DataHub.Hub.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Registry;

/// <summary>
/// Fills an empty registry from <c>schema/access-policy.json</c>: departments, purposes, the classification of every
/// composite field (the 20-field baseline, restricted, consent-required, never), demo grants and demo consents.
/// A field the file names that the composite schema lacks stops start-up: a typo must not become a silent gap.
/// </summary>
public static class RegistrySeeder
{
    private static readonly DateTime SeedValidFrom = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task SeedAsync(
        RegistryDbContext db, string policyFile, CompositeSchema composite, ISourceConnector? population, CancellationToken cancellationToken)
    {
        if (await db.Departments.AnyAsync(cancellationToken))
        {
            return;
        }

        var seed = JsonSerializer.Deserialize<PolicySeed>(await File.ReadAllTextAsync(policyFile, cancellationToken), Json)
            ?? throw new InvalidOperationException($"{policyFile} is empty.");
        var fields = new FieldNames(composite, seed, Path.GetFileName(policyFile));
        CheckDepartments(seed.Departments, Path.GetFileName(policyFile));

        db.Departments.AddRange(seed.Departments.Select(d => new Department
        {
            Code = d.Code,
            Name = d.Name,
            OwningAgency = d.OwningAgency,
            EntraApplicationId = d.EntraApplicationId,
            RequestsPerMinute = d.RequestsPerMinute,
            AggregateOnly = d.AggregateOnly,
        }));
        db.Purposes.AddRange(seed.Purposes.Select(p => new Purpose
        {
            Code = p.Code,
            Name = p.Name,
            LegalBasis = p.LegalBasis,
            Departments = string.Join(",", p.Departments),
        }));

        var classes = new Dictionary<string, FieldClassification>();
        foreach (var field in fields.Expand(seed.Baseline))
        {
            classes[field] = new FieldClassification { Field = field, Class = FieldClass.Baseline, Reason = "One of the 20 shared citizen fields." };
        }

        foreach (var entry in seed.Classification)
        {
            foreach (var field in fields.Expand(entry.Fields))
            {
                classes[field] = new FieldClassification { Field = field, Class = ParseClass(entry.Class), Reason = entry.Reason };
            }
        }

        foreach (var field in fields.All.Where(f => !classes.ContainsKey(f)))
        {
            classes[field] = new FieldClassification
            {
                Field = field,
                Class = FieldClass.Restricted,
                Reason = "Not classified in the seed: restricted until a steward decides.",
            };
        }

        db.FieldClassifications.AddRange(classes.Values);

        foreach (var grant in seed.Grants)
        {
            foreach (var purpose in grant.Purposes)
            {
                db.FieldGrants.AddRange(fields.Expand(grant.Fields).Select(field => new FieldGrant
                {
                    DepartmentCode = grant.Department,
                    Field = field,
                    PurposeCode = purpose,
                    LegalBasis = grant.LegalBasis,
                    ValidFrom = SeedValidFrom,
                    GrantedBy = "seed",
                }));
            }
        }

        foreach (var kind in seed.EventKinds ?? [])
        {
            db.EventKinds.Add(new Events.EventKind { Code = kind.Kind, Description = kind.Description, Publishers = string.Join(",", kind.Publishers) });
            db.EventReceivers.AddRange(kind.Receivers.SelectMany(r => r.Purposes.Select(purpose => new Events.EventReceiver
            {
                Kind = kind.Kind,
                DepartmentCode = r.Department,
                PurposeCode = purpose,
                GrantedBy = "seed",
            })));
        }

        if (population is not null)
        {
            await AddDemoConsentsAsync(db, seed, fields, population, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task AddDemoConsentsAsync(
        RegistryDbContext db, PolicySeed seed, FieldNames fields, ISourceConnector population, CancellationToken cancellationToken)
    {
        // Demo consents only cover the first citizens: enough to show both sides, cheap at any data size.
        const int Sample = 3_000;
        var page = await population.ListAsync(
            new ListQuery("Citizen", null, [new SortField("personalId", false)], 0, Sample, [], false), cancellationToken);
        foreach (var consent in seed.DemoConsents)
        {
            var names = string.Join(",", fields.Expand(consent.Fields));
            db.ConsentRecords.AddRange(page.Rows.Where((_, i) => i % consent.EveryNth == 0).Select(row => new ConsentRecord
            {
                CitizenPersonalId = row.Key,
                DepartmentCode = consent.Department,
                PurposeCode = consent.Purpose,
                Fields = names,
                GivenAt = SeedValidFrom,
            }));
        }
    }

    // Application ids are GUIDs, compared without case everywhere (AccessPolicy): two that differ only by case are one app.
    private static void CheckDepartments(List<DepartmentSeed> departments, string file)
    {
        var shared = departments.Where(d => d.EntraApplicationId is not null)
            .GroupBy(d => d.EntraApplicationId!, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
        {
            throw new InvalidOperationException(
                $"{file}: the departments {string.Join(" and ", shared.Select(d => d.Code))} have the same application id '{shared.Key}' (case does not count).");
        }

        if (departments.FirstOrDefault(d => d.RequestsPerMinute is < 1) is { } zero)
        {
            throw new InvalidOperationException($"{file}: requestsPerMinute of '{zero.Code}' must be at least 1 (or left out for the default).");
        }
    }

    public static FieldClass ParseClass(string text) => text switch
    {
        "baseline" => FieldClass.Baseline,
        "restricted" => FieldClass.Restricted,
        "consent-required" => FieldClass.ConsentRequired,
        "never" => FieldClass.Never,
        _ => throw new InvalidOperationException($"'{text}' is not a field class (baseline, restricted, consent-required, never)."),
    };

    /// <summary>The composite's <c>Type.field</c> names, plus the never-exposed ones the composite leaves out.</summary>
    private sealed class FieldNames
    {
        private readonly string _file;
        private readonly HashSet<string> _never;

        public FieldNames(CompositeSchema composite, PolicySeed seed, string file)
        {
            _file = file;
            All = composite.Types.Values
                .Where(t => t.Kind == SourceTypeKind.Object)
                .SelectMany(t => t.Fields.Select(f => $"{t.Name}.{f.Name}"))
                .Concat(Statistics.StatisticsFigures.GrantNames(composite)) // figures and their dimensions
                .ToHashSet();
            _never = seed.Classification.Where(c => c.Class == "never").SelectMany(c => c.Fields).ToHashSet();
        }

        public HashSet<string> All { get; }

        public IEnumerable<string> Expand(IEnumerable<string> patterns)
        {
            foreach (var pattern in patterns)
            {
                if (pattern.EndsWith(".*", StringComparison.Ordinal))
                {
                    var prefix = pattern[..^1];
                    var matches = All.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                    foreach (var match in matches.Count > 0 ? matches : throw Unknown(pattern))
                    {
                        yield return match;
                    }
                }
                else
                {
                    yield return All.Contains(pattern) || _never.Contains(pattern) ? pattern : throw Unknown(pattern);
                }
            }
        }

        private InvalidOperationException Unknown(string pattern) =>
            new($"{_file}: '{pattern}' is not a field of the composite schema.");
    }

    private sealed record PolicySeed(
        List<DepartmentSeed> Departments, List<PurposeSeed> Purposes, List<string> Baseline,
        List<ClassificationSeed> Classification, List<GrantSeed> Grants, List<ConsentSeed> DemoConsents,
        List<EventKindSeed>? EventKinds);

    private sealed record DepartmentSeed(string Code, string Name, string OwningAgency, string? EntraApplicationId, int? RequestsPerMinute, bool AggregateOnly = false);

    private sealed record PurposeSeed(string Code, string Name, string LegalBasis, List<string> Departments);

    private sealed record ClassificationSeed(List<string> Fields, string Class, string? Reason);

    private sealed record GrantSeed(string Department, List<string> Purposes, List<string> Fields, string LegalBasis);

    private sealed record EventKindSeed(string Kind, string Description, List<string> Publishers, List<EventReceiverSeed> Receivers);

    private sealed record EventReceiverSeed(string Department, List<string> Purposes);

    private sealed record ConsentSeed(string Department, string Purpose, List<string> Fields, int EveryNth);
}
