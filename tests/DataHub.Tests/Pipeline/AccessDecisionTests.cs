using DataHub.Hub.Access;

namespace DataHub.Tests.Pipeline;

/// <summary>The one decision, host-free: what each caller may run, decided on the operation as it will execute.</summary>
public sealed class AccessDecisionTests(DecisionHarness harness) : IClassFixture<DecisionHarness>
{
    private static readonly HubPrincipal Land = HubPrincipal.ForDepartment("so-tnmt", "app");
    private static readonly HubPrincipal Health = HubPrincipal.ForDepartment("so-y-te", "app");

    [Theory]
    [InlineData("query Q($w: CitizenFilterInput = { phoneNumber: { startsWith: \"03\" } }) { citizens(where: $w) { nodes { fullName } } }", null)]
    [InlineData("query Q($w: CitizenFilterInput) { citizens(where: $w) { nodes { fullName } } }", """{"w":{"and":[{"or":[{"email":{"contains":"@"}}]}]}}""")]
    [InlineData("query Q($o: [CitizenSortInput!] = [{ occupation: DESC }]) { citizens(order: $o) { totalCount } }", null)]
    [InlineData("query Q($on: Boolean = true) { citizens { nodes { fullName ... @include(if: $on) { educationLevel } } } }", null)]
    [InlineData("{ landParcels { totalCount } }", null)]
    [InlineData("{ marriageRegistration(registrationNumber: \"KH-2020-0000001\") { __typename } }", null)]
    public async Task A_department_is_refused_a_field_however_the_operation_reaches_it(string query, string? variables)
    {
        var (codes, _) = await harness.CheckAsync(Health, "medical-treatment", query, variables);

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Equal("FIELD_NOT_GRANTED", code));
    }

    [Fact]
    public async Task A_field_skipped_by_a_variable_is_not_decided_at_all()
    {
        var (codes, plan) = await harness.CheckAsync(Health, "medical-treatment",
            "query Q($on: Boolean!) { citizens(first: 1) { nodes { fullName occupation @include(if: $on) } } }", """{"on":false}""");

        Assert.DoesNotContain("FIELD_NOT_GRANTED", codes);
        Assert.Equal(["Citizen.fullName", "Citizen.personalId"], plan!.DisclosedFields);
    }

    [Fact]
    public async Task The_plan_names_every_field_a_filter_a_sort_and_a_count_disclose()
    {
        var (_, plan) = await harness.CheckAsync(Land, "land-registration",
            "query Q($from: Date = \"1990-01-01\") { citizens(where: { or: [{ dateOfBirth: { gte: $from } }, { sex: { eq: MALE } }] }, order: [{ hometown: ASC }]) { totalCount } }");

        Assert.Equal(["Citizen.dateOfBirth", "Citizen.hometown", "Citizen.personalId", "Citizen.sex"], plan!.DisclosedFields);
    }

    [Fact]
    public async Task A_citizen_may_look_up_only_their_own_record_whatever_the_variable_holds()
    {
        var me = HubPrincipal.ForCitizen("001043259517", "citizen:me");

        var (own, _) = await harness.CheckAsync(me, null, "query Q($id: ID! = \"001043259517\") { citizen(personalId: $id) { __typename } }");
        var (other, _) = await harness.CheckAsync(me, null, "query Q($id: ID! = \"001163209797\") { citizen(personalId: $id) { __typename } }");
        var (list, _) = await harness.CheckAsync(me, null, "{ citizens(first: 1) { totalCount } }");

        Assert.DoesNotContain("OWN_RECORD_ONLY", own);
        Assert.Equal(["OWN_RECORD_ONLY"], other);
        Assert.Equal(["OWN_RECORD_ONLY"], list);
    }

    [Fact]
    public async Task Root_fields_are_for_the_audience_they_declare()
    {
        var (mine, _) = await harness.CheckAsync(Health, "medical-treatment", "{ myAccessLog { totalCount } }");
        var (all, _) = await harness.CheckAsync(HubPrincipal.ForCitizen("001043259517", "c"), null, "{ auditLog { totalCount } }");

        Assert.Equal(["CITIZEN_ONLY"], mine);
        Assert.Equal(["STEWARD_ONLY"], all);
    }

    [Fact]
    public async Task A_department_states_a_purpose_it_may_state()
    {
        var (none, _) = await harness.CheckAsync(Health, null, "{ citizens(first: 1) { nodes { fullName } } }");
        var (other, _) = await harness.CheckAsync(Health, "land-registration", "{ citizens(first: 1) { nodes { fullName } } }");
        var (typename, _) = await harness.CheckAsync(Health, null, "{ __typename }");

        Assert.Equal(["PURPOSE_REQUIRED"], none);
        Assert.Equal(["PURPOSE_NOT_ALLOWED"], other);
        Assert.Empty(typename);
    }

    [Fact]
    public void A_citizen_reads_objects_about_them_and_nothing_about_others()
    {
        var me = HubPrincipal.ForCitizen("001043259517", "c");

        Assert.True(AccessDecisions.MayReadRecordOf(me, "001043259517"));
        Assert.False(AccessDecisions.MayReadRecordOf(me, "001163209797"));
        Assert.True(AccessDecisions.MayReadObjectAbout(me, carriesCitizens: true, ["001163209797", "001043259517"], reachedFromOwnRecord: false));
        Assert.False(AccessDecisions.MayReadObjectAbout(me, carriesCitizens: true, ["001163209797"], reachedFromOwnRecord: false));
        Assert.True(AccessDecisions.MayReadObjectAbout(me, carriesCitizens: true, ["001163209797"], reachedFromOwnRecord: true));
        Assert.True(AccessDecisions.MayReadObjectAbout(Health, carriesCitizens: true, ["001163209797"], reachedFromOwnRecord: false));
    }
}
