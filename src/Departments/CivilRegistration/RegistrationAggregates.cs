using DataHub.Departments.Aggregates;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Departments.CivilRegistration;

/// <summary>
/// The civil registry's own statistics: <c>birthRegistrationCounts</c> and <c>deathRegistrationCounts</c>, each one
/// SQL <c>GROUP BY</c> over its table (<see cref="AggregateReader"/>), groups only. Dimensions and filter fields are
/// the API's own field names; a date groups by month as <c>name:month</c>.
/// </summary>
public static class RegistrationAggregates
{
    public static readonly AggregateTable Births = new("birth_registrations", "child_personal_id",
    [
        new("dateOfBirth", "date_of_birth", AggregateColumnKind.Date),
        new("registeredOn", "registered_on", AggregateColumnKind.Date),
        new("sex", "sex", AggregateColumnKind.Text),
    ]);

    public static readonly AggregateTable Deaths = new("death_registrations", "personal_id",
    [
        new("dateOfDeath", "date_of_death", AggregateColumnKind.Date),
        new("registeredOn", "registered_on", AggregateColumnKind.Date),
    ]);

    /// <summary>Adds the two count fields to the query type.</summary>
    public static void AddTo(ObjectGraphType query)
    {
        Add(query, "birthRegistrationCounts", "Birth registrations counted in the registry, grouped", r => r.Births);
        Add(query, "deathRegistrationCounts", "Death registrations counted in the registry, grouped", r => r.Deaths);
    }

    private static void Add(ObjectGraphType query, string name, string description, Func<RegistryAggregates, AggregateReader> reader)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AggregateGroupType>>>>(name)
            .Description($"{description}: dimensions (up to {AggregateReader.MaxDimensions}) are field names, a date's month is 'field:month'; an unknown one is the error UNKNOWN_DIMENSION.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("groupBy", "Dimensions.")
            .Argument<ListGraphType<NonNullGraphType<AggregateConditionInputType>>>("where", "Conditions that all hold.")
            .Argument<RecordKeysInputType>("recordKeys", "Cell-key parameters: each group also sums its records' keys.")
            .ResolveAsync(async context =>
            {
                var request = new AggregateRequest(
                    context.GetArgument<List<string>?>("groupBy"),
                    (context.GetArgument<List<object>?>("where") ?? []).Select(Condition).ToList(),
                    context.GetArgument<Dictionary<string, object?>?>("recordKeys") is { } keys
                        ? new AggregateKeys(Number(keys, "multiplier"), Number(keys, "offset"), Number(keys, "modulus"))
                        : null);
                try
                {
                    return await reader(context.RequestServices!.GetRequiredService<RegistryAggregates>()).RunAsync(request, context.CancellationToken);
                }
                catch (AggregateRefusedException refused)
                {
                    throw new ExecutionError(refused.Message) { Code = refused.Code };
                }
            });
    }

    private static AggregateCondition Condition(object item)
    {
        var fields = (IDictionary<string, object?>)item;
        return new AggregateCondition(
            (string)fields["field"]!, (string)fields["op"]!,
            fields.TryGetValue("value", out var value) ? (string?)value : null,
            fields.TryGetValue("values", out var values) && values is IEnumerable<object?> list ? list.Select(v => (string?)v).ToList() : null);
    }

    private static long Number(Dictionary<string, object?> fields, string name) => Convert.ToInt64(fields[name], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The readers of the two registration tables.</summary>
public sealed record RegistryAggregates(AggregateReader Births, AggregateReader Deaths);

public sealed class AggregateGroupType : ObjectGraphType<AggregateGroup>
{
    public AggregateGroupType()
    {
        Name = "AggregateGroup";
        Description = "One group: its dimension values in the order asked (null: no value), how many records, their key sum.";
        Field<NonNullGraphType<ListGraphType<StringGraphType>>>("keys").Description("The group's values.").Resolve(c => c.Source.Keys);
        Field<NonNullGraphType<LongGraphType>>("count").Description("Records in the group.").Resolve(c => c.Source.Count);
        Field<LongGraphType>("keySum").Description("Sum of the records' cell keys, when recordKeys was given.").Resolve(c => c.Source.KeySum);
    }
}

public sealed class AggregateConditionInputType : InputObjectGraphType
{
    public AggregateConditionInputType()
    {
        Name = "AggregateConditionInput";
        Description = "field op value: eq, neq, gt, gte, lt, lte take 'value'; in, nin take 'values'. Dates yyyy-MM-dd.";
        Field<NonNullGraphType<StringGraphType>>("field").Description("A field name.");
        Field<NonNullGraphType<StringGraphType>>("op").Description("The operator.");
        Field<StringGraphType>("value").Description("The value (null: no value).");
        Field<ListGraphType<StringGraphType>>("values").Description("The values of in and nin.");
    }
}

public sealed class RecordKeysInputType : InputObjectGraphType
{
    public RecordKeysInputType()
    {
        Name = "RecordKeysInput";
        Description = "Each record's key is (last seven digits of its personal ID × multiplier + offset) mod modulus.";
        Field<NonNullGraphType<LongGraphType>>("multiplier");
        Field<NonNullGraphType<LongGraphType>>("offset");
        Field<NonNullGraphType<LongGraphType>>("modulus");
    }
}
