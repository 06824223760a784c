using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataHub.Domain;
using DataHub.Tests.Connectors;
using DataHub.Tests.Infrastructure;

namespace DataHub.Tests.LienThong;

/// <summary>The civil registry's write API (its own service and database): a birth gets a valid personal ID; bad filings change nothing.</summary>
[Collection(HubCollection.Name)]
public sealed class CivilRegistryFilingTests(DemoDataFixture data)
{
    [Fact]
    public async Task A_filed_birth_gets_a_personal_id_that_encodes_its_province_year_and_sex_and_is_served_by_the_registry()
    {
        await using var services = await DepartmentServices.StartAsync(data.DataDirectory);
        var father = data.Column("population", "SELECT personal_id FROM citizens WHERE sex = 'MALE' ORDER BY personal_id LIMIT 1")[0];
        using var http = new HttpClient();

        using var response = await http.PostAsJsonAsync(new Uri(services.CivilRegistrationUrl, "/filings/births"), new
        {
            childFullName = "Trần Thị Mai",
            dateOfBirth = "2026-11-01",
            sex = "FEMALE",
            fatherPersonalId = father,
            place = "Xã Tiên Du, Tỉnh Bắc Ninh",
        });
        var filed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = PersonalId.Parse(filed["personalId"]!.GetValue<string>());
        Assert.Equal("027", id.ProvinceCode);
        Assert.True(id.MatchesBirth(new DateOnly(2026, 11, 1), Sex.Female));
        using var read = await http.PostAsJsonAsync(new Uri(services.CivilRegistrationUrl, "/graphql"), new
        {
            query = "query($ids: [ID!]!) { birthRegistrationsByChildIds(personalIds: $ids) { registrationNumber childFullName dateOfBirth sex fatherPersonalId } }",
            variables = new { ids = new[] { id.Value } },
        });
        var birth = JsonNode.Parse(await read.Content.ReadAsStringAsync())!["data"]!["birthRegistrationsByChildIds"]![0]!;
        Assert.Equal(filed["registrationNumber"]!.GetValue<string>(), birth["registrationNumber"]!.GetValue<string>());
        Assert.Equal("Trần Thị Mai|2026-11-01|FEMALE|" + father,
            $"{birth["childFullName"]}|{birth["dateOfBirth"]}|{birth["sex"]}|{birth["fatherPersonalId"]}");
    }

    [Theory]
    [InlineData("""{"childFullName":"","dateOfBirth":"2026-11-01","sex":"MALE","fatherPersonalId":"027090669473","place":"Xã Tiên Du, Tỉnh Bắc Ninh"}""", "INVALID_FILING")]
    [InlineData("""{"childFullName":"A","dateOfBirth":"2026-11-01","sex":"X","fatherPersonalId":"027090669473","place":"Xã Tiên Du, Tỉnh Bắc Ninh"}""", "INVALID_FILING")]
    [InlineData("""{"childFullName":"A","dateOfBirth":"2026-11-01","sex":"MALE","fatherPersonalId":"12345","place":"Xã Tiên Du, Tỉnh Bắc Ninh"}""", "INVALID_PERSONAL_ID")]
    [InlineData("""{"childFullName":"A","dateOfBirth":"2026-11-01","sex":"MALE","fatherPersonalId":"027090669473","place":"Nowhere"}""", "INVALID_FILING")]
    public async Task A_bad_birth_filing_is_a_400_with_its_code_and_writes_nothing(string body, string code)
    {
        await using var services = await DepartmentServices.StartAsync(data.DataDirectory);
        var before = Births();
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(services.CivilRegistrationUrl, "/filings/births"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        Assert.Equal(before, Births());
    }

    private int Births() => int.Parse(
        data.Column(Path.Combine("departments", "civil-registration"), "SELECT count(*) FROM birth_registrations")[0], System.Globalization.CultureInfo.InvariantCulture);
}
