using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Departments.CivilRegistration;

/// <summary>
/// The Department of Justice's own GraphQL API over its civil registry: batch look-ups by personal IDs, as a
/// department would serve them to any client. DataHub stitches it in through schema/civil-registration.graphql.
/// </summary>
public sealed class CivilRegistrationSchema : Schema
{
    public CivilRegistrationSchema(IServiceProvider services)
        : base(services)
    {
        Query = services.GetRequiredService<CivilRegistrationQuery>();
        Description = "Civil registry (hộ tịch) of the Department of Justice (Sở Tư pháp).";
    }
}

public sealed class CivilRegistrationQuery : ObjectGraphType
{
    public CivilRegistrationQuery()
    {
        Name = "Query";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BirthRegistrationType>>>>("birthRegistrationsByChildIds")
            .Description("The birth registrations of these children, at most one each; unknown IDs are left out.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("personalIds", "The children's personal IDs.")
            .ResolveAsync(async context => await Registry(context).BirthsByChildIdsAsync(Keys(context, "personalIds"), context.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeathRegistrationType>>>>("deathRegistrationsByPersonalIds")
            .Description("The death registrations of these citizens; the living are left out.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("personalIds", "The citizens' personal IDs.")
            .ResolveAsync(async context => await Registry(context).DeathsByPersonalIdsAsync(Keys(context, "personalIds"), context.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MarriageRegistrationType>>>>("marriageRegistrationsBySpouseIds")
            .Description("The marriage registrations where any of these citizens is the husband or the wife.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("personalIds", "The spouses' personal IDs.")
            .ResolveAsync(async context => await Registry(context).MarriagesBySpouseIdsAsync(Keys(context, "personalIds"), context.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MarriageRegistrationType>>>>("marriageRegistrationsByNumbers")
            .Description("Marriage registrations by their registration numbers.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("registrationNumbers", "Registration numbers.")
            .ResolveAsync(async context => await Registry(context).MarriagesByNumbersAsync(Keys(context, "registrationNumbers"), context.CancellationToken));
        RegistrationAggregates.AddTo(this);
    }

    private static CivilRegistry Registry(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<CivilRegistry>();

    private static List<string> Keys(IResolveFieldContext context, string argument)
    {
        var keys = context.GetArgument<List<string>>(argument);
        return keys.Count <= CivilRegistry.MaxKeys
            ? keys.Distinct(StringComparer.Ordinal).ToList()
            : throw new ExecutionError($"At most {CivilRegistry.MaxKeys} keys per request.");
    }
}

public sealed class BirthRegistrationType : ObjectGraphType<BirthRecord>
{
    public BirthRegistrationType()
    {
        Name = "BirthRegistration";
        Description = "A birth registration (đăng ký khai sinh).";
        Field<NonNullGraphType<IdGraphType>>("registrationNumber").Description("Số đăng ký, e.g. KS-2019-0000123.").Resolve(c => c.Source.RegistrationNumber);
        Field<NonNullGraphType<IdGraphType>>("childPersonalId").Description("The child's personal ID.").Resolve(c => c.Source.ChildPersonalId);
        Field<IdGraphType>("fatherPersonalId").Description("The father's personal ID, when registered.").Resolve(c => c.Source.FatherPersonalId);
        Field<IdGraphType>("motherPersonalId").Description("The mother's personal ID, when registered.").Resolve(c => c.Source.MotherPersonalId);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where the birth was registered.").Resolve(c => c.Source.Place);
        Field<NonNullGraphType<DateScalar>>("registeredOn").Description("When the birth was registered.").Resolve(c => c.Source.RegisteredOn);
        Field<NonNullGraphType<StringGraphType>>("childFullName").Description("The child's full name, as on the birth certificate.").Resolve(c => c.Source.ChildFullName);
        Field<NonNullGraphType<DateScalar>>("dateOfBirth").Description("The child's date of birth.").Resolve(c => c.Source.DateOfBirth);
        Field<NonNullGraphType<StringGraphType>>("sex").Description("The child's sex: MALE or FEMALE.").Resolve(c => c.Source.Sex);
    }
}

public sealed class DeathRegistrationType : ObjectGraphType<DeathRecord>
{
    public DeathRegistrationType()
    {
        Name = "DeathRegistration";
        Description = "A death registration (đăng ký khai tử).";
        Field<NonNullGraphType<IdGraphType>>("registrationNumber").Description("Số đăng ký, e.g. KT-2024-0000042.").Resolve(c => c.Source.RegistrationNumber);
        Field<NonNullGraphType<IdGraphType>>("personalId").Description("The personal ID of the citizen who died.").Resolve(c => c.Source.PersonalId);
        Field<NonNullGraphType<DateScalar>>("dateOfDeath").Description("The date of death.").Resolve(c => c.Source.DateOfDeath);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where the death was registered.").Resolve(c => c.Source.Place);
        Field<NonNullGraphType<DateScalar>>("registeredOn").Description("When the death was registered.").Resolve(c => c.Source.RegisteredOn);
    }
}

public sealed class MarriageRegistrationType : ObjectGraphType<MarriageRecord>
{
    public MarriageRegistrationType()
    {
        Name = "MarriageRegistration";
        Description = "A marriage registration (đăng ký kết hôn).";
        Field<NonNullGraphType<IdGraphType>>("registrationNumber").Description("Số đăng ký, e.g. KH-2001-0000007.").Resolve(c => c.Source.RegistrationNumber);
        Field<NonNullGraphType<IdGraphType>>("husbandPersonalId").Description("The husband's personal ID.").Resolve(c => c.Source.HusbandPersonalId);
        Field<NonNullGraphType<IdGraphType>>("wifePersonalId").Description("The wife's personal ID.").Resolve(c => c.Source.WifePersonalId);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where the marriage was registered.").Resolve(c => c.Source.Place);
        Field<NonNullGraphType<DateScalar>>("registeredOn").Description("When the marriage was registered.").Resolve(c => c.Source.RegisteredOn);
    }
}

/// <summary>A calendar date written yyyy-MM-dd.</summary>
public sealed class DateScalar : ScalarGraphType
{
    public DateScalar()
    {
        Name = "Date";
        Description = "A calendar date, written yyyy-MM-dd.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => Parse(s.Value.ToString()),
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        DateOnly date => date,
        string s => Parse(s),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    private static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
