using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DataHub.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DataHub.Tests.Admin;

/// <summary>
/// The steward console over real HTTP: pages read through the same services as the admin API, each page is one audit
/// entry, times are shown in the configured time zone, and a time zone that does not exist stops the start.
/// </summary>
[Collection(HubCollection.Name)]
public sealed partial class StewardConsoleTests(DemoDataFixture data)
{
    [Fact]
    public async Task A_console_page_shows_times_in_the_configured_zone_and_is_one_audit_entry_naming_the_steward()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["DataHub:Web:TimeZone"] = "Asia/Tokyo" });
        var request = await hub.RequestAccessAsync("so-y-te", ["Citizen.occupation"], "medical-treatment");
        using var client = hub.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", "datahub.steward=" + hub.StewardToken);

        using var response = await client.GetAsync("/steward/requests?lang=en");
        var html = await response.Content.ReadAsStringAsync();
        var entry = await hub.LastAuditEntryAsync();
        var stamp = TimeStamp().Match(html);
        var utc = DateTime.Parse(stamp.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var local = DateTime.ParseExact(stamp.Groups[2].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"request-{request["id"]}\"", html);
        Assert.Equal(TimeSpan.FromHours(9), local - utc); // Tokyo, not the default Asia/Ho_Chi_Minh
        Assert.Contains("Asia/Tokyo (UTC&#x2B;09:00)", html); // the footer names the zone (HTML-encoded +)
        Assert.Equal("steward:test-steward", entry.Principal);
        Assert.Equal("console GET /steward/requests", entry.OperationName);
        Assert.Equal("Admin.accessRequests,Admin.purposes", entry.Fields);
    }

    [Fact]
    public async Task A_malformed_personal_id_on_the_citizen_page_is_a_400_with_its_code_and_audited_as_rejected()
    {
        using var hub = new HubFactory(data.DataDirectory);
        using var client = hub.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", "datahub.steward=" + hub.StewardToken);

        using var response = await client.GetAsync("/steward/citizen?personalId=12345");
        var html = await response.Content.ReadAsStringAsync();
        var entry = await hub.LastAuditEntryAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("INVALID_PERSONAL_ID", html);
        Assert.Equal("rejected", entry.Outcome);
        Assert.Equal("INVALID_PERSONAL_ID", entry.ErrorCodes);
    }

    [Fact]
    public void A_time_zone_that_does_not_exist_stops_the_start_naming_its_key()
    {
        using var hub = new HubFactory(data.DataDirectory, new Dictionary<string, string?> { ["DataHub:Web:TimeZone"] = "Mars/Olympus_Mons" });

        var error = Assert.Throws<OptionsValidationException>(() => hub.Services);

        Assert.Contains("DataHub:Web:TimeZone", error.Message);
    }

    [GeneratedRegex("<time datetime=\"([^\"]+)\">([^<]+)</time>")]
    private static partial Regex TimeStamp();
}
