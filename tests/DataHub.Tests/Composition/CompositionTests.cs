using DataHub.Connectors;
using DataHub.Hub.Composition;
using DataHub.Hub.Hosting;
using DataHub.Hub.Sources;

namespace DataHub.Tests.Composition;

public sealed class CompositionTests
{
    [Fact]
    public void Citizen_merges_population_fields_with_land_rights_and_benefit_cases()
    {
        var composite = Compose(SchemaFolder.RepositorySchemaDirectory);

        var citizen = composite.GetType("Citizen");
        Assert.Equal("personalId", citizen.KeyField);
        Assert.Equal("population", citizen.FindField("fullName")!.OwnerSource);
        Assert.Equal("land", citizen.FindField("landRights")!.OwnerSource);
        Assert.Equal("social-welfare", citizen.FindField("benefitCases")!.OwnerSource);
        Assert.True(citizen.FindField("personalId")!.IsKey);
        Assert.Equal(["civil-registration", "health-insurance", "land", "population", "social-welfare"], citizen.LookupSources.Order());
    }

    [Fact]
    public void Inaccessible_fields_and_internal_lookups_do_not_reach_the_composite_schema()
    {
        var composite = Compose(SchemaFolder.RepositorySchemaDirectory);

        Assert.Null(composite.GetType("Citizen").FindField("faceImage"));
        Assert.Null(composite.GetType("Citizen").FindField("fingerprints"));
        Assert.DoesNotContain(composite.QueryFields, f => f.Name == "citizenByPersonalId");
        Assert.Contains(composite.QueryFields, f => f.Name == "citizens" && f.Kind == RootFieldKind.Connection);
        Assert.Contains(composite.QueryFields, f => f.Name == "landParcel" && f.Kind == RootFieldKind.Lookup);
    }

    [Fact]
    public void A_field_typed_differently_by_two_sources_names_the_file_line_and_rule()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "  personalId: ID!\n  \"Quyền", "  personalId: Int!\n  \"Quyền");

        var error = Assert.Single(CompositionErrors(folder.Path), e => e.Code == "OUTPUT_FIELD_TYPES_NOT_MERGEABLE");

        Assert.Equal("schema/land.graphql", error.File);
        Assert.Equal(folder.LineOf("land.graphql", "personalId: Int!"), error.Line);
        Assert.Contains("Citizen.personalId", error.Message);
    }

    [Fact]
    public void An_entity_without_a_lookup_in_its_source_is_refused()
    {
        using var folder = new SchemaFolder();
        RemoveCitizenLookup(folder);

        var error = Assert.Single(CompositionErrors(folder.Path));

        Assert.Equal("KEY_WITHOUT_LOOKUP", error.Code);
        Assert.Equal("schema/social-welfare.graphql", error.File);
        Assert.Equal(folder.LineOf("social-welfare.graphql", "type Citizen @key"), error.Line);
    }

    [Fact]
    public void An_unknown_directive_is_refused_with_its_line()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "  areaM2: Float!", "  areaM2: Float! @external");

        var error = Assert.Single(CompositionErrors(folder.Path));

        Assert.Equal("UNKNOWN_DIRECTIVE", error.Code);
        Assert.Equal(folder.LineOf("land.graphql", "@external"), error.Line);
    }

    [Fact]
    public void A_key_naming_a_missing_field_is_refused()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "type LandParcel @key(fields: \"parcelId\")", "type LandParcel @key(fields: \"parcelNo\")");

        Assert.Contains(CompositionErrors(folder.Path), e => e.Code == "KEY_INVALID_FIELDS" && e.File == "schema/land.graphql");
    }

    [Fact]
    public void A_lookup_returning_a_list_is_refused()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "landParcel(parcelId: ID!): LandParcel @lookup", "landParcel(parcelId: ID!): [LandParcel!] @lookup");

        Assert.Contains(CompositionErrors(folder.Path), e => e.Code == "LOOKUP_RETURNS_LIST");
    }

    [Fact]
    public void A_non_key_field_in_two_sources_without_shareable_is_refused()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "  personalId: ID!\n  \"Quyền", "  personalId: ID!\n  fullName: String!\n  \"Quyền");

        var errors = CompositionErrors(folder.Path).Where(e => e.Code == "INVALID_FIELD_SHARING").ToList();

        Assert.Contains(errors, e => e.File == "schema/land.graphql" && e.Line == folder.LineOf("land.graphql", "fullName: String!"));
        Assert.Contains(errors, e => e.File == "schema/population.graphql");
    }

    [Fact]
    public void A_syntax_error_in_a_source_schema_names_the_file_and_line()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "  areaM2: Float!", "  areaM2: Float!!");

        var error = Assert.Single(CompositionErrors(folder.Path));

        Assert.Equal("INVALID_GRAPHQL", error.Code);
        Assert.Equal(folder.LineOf("land.graphql", "Float!!"), error.Line);
    }

    [Fact]
    public void A_mapping_that_names_a_field_the_schema_lacks_is_refused()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.mapping.json", "\"areaM2\": \"area_m2\"", "\"areaSquareMeters\": \"area_m2\"");

        var errors = CompositionErrors(folder.Path);

        Assert.Contains(errors, e => e.Code == "SOURCE_MAPPING_INVALID" && e.File == "schema/land.mapping.json" && e.Message.Contains("areaSquareMeters"));
    }

    [Fact]
    public void The_composition_error_message_lists_every_broken_rule()
    {
        using var folder = new SchemaFolder();
        folder.Replace("land.graphql", "  areaM2: Float!", "  areaM2: Float! @external");
        RemoveCitizenLookup(folder);

        var exception = Assert.Throws<CompositionException>(() => Load(folder.Path));

        Assert.Contains("schema/land.graphql:", exception.Message);
        Assert.Contains("UNKNOWN_DIRECTIVE", exception.Message);
        Assert.Contains("KEY_WITHOUT_LOOKUP", exception.Message);
    }

    private static void RemoveCitizenLookup(SchemaFolder folder) =>
        folder.Replace("social-welfare.graphql",
            "  \"Entry point for the hub to reach a citizen's benefit cases; not for clients.\"\n" +
            "  citizenByPersonalId(personalId: ID!): Citizen @lookup @internal\n", "");

    private static CompositeSchema Compose(string directory)
    {
        var errors = new List<CompositionError>();
        var sources = SourceCatalog.SourceFiles(directory).Select(f => SourceSchemaReader.Read(f, errors)).ToList();
        var composite = SchemaComposer.Compose(sources, errors);
        Assert.Empty(errors);
        return composite;
    }

    private static IReadOnlyList<CompositionError> CompositionErrors(string directory) =>
        Assert.Throws<CompositionException>(() => Load(directory)).Errors;

    private static SourceCatalog Load(string directory) =>
        SourceCatalog.Load(directory, source => new SourceConnectionOptions
        {
            ConnectionString = $"Data Source={source}.db",
            // Remote sources need a URL; nothing listens on port 1, so their schema check is skipped at once.
            Url = "http://127.0.0.1:1/",
        });
}
