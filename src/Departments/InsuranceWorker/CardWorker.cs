using System.Globalization;
using DataHub.Departments.LienThong;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.InsuranceWorker;

/// <summary>PermanentResidenceRegistered of a child under 6 → a TE card (100 %, state-funded, to the day before the 6th birthday) → InsuranceCardIssued.</summary>
public sealed class CardWorker(WorkerOptions options, HubClient hub, ILogger<CardWorker> logger, TimeProvider clock)
    : LifeEventWorker<ResidenceEvent>(options, hub, logger, clock)
{
    private static readonly string _document = Document(typeof(CardWorker).Assembly, "ResidencesToInsure.graphql");

    protected override string EventsDocument => _document;

    protected override string Name => "bhxh/child-card";

    protected override string Purpose => "health-insurance-enrolment";

    protected override async Task<EventAnswer?> ApplyAsync(ResidenceEvent node, SqliteConnection db, SqliteTransaction transaction, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        if (node.Citizen?.DateOfBirth is not { } text
            || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            || born.AddYears(6) <= today
            || node.Citizen.InsuranceCard is not null)
        {
            return null; // not a child under 6, or already insured: nothing to issue
        }

        // TE, benefit level 1, province 27, then a 10-digit social insurance number: 9 + the child's century/sex, year and serial
        // digits (the seed's numbers start with 27, so none collides). REVIEW: a child registered in another province with the
        // same nine digits would collide; BHXH's real number comes from its own register.
        var number = string.Create(CultureInfo.InvariantCulture, $"TE1279{node.PersonalId[3..]}");
        await WorkerInbox.ExecuteAsync(db, transaction,
            "INSERT INTO insurance_cards (card_number, holder_personal_id, holder_full_name, holder_date_of_birth, holder_sex, beneficiary_group, " +
            "benefit_level, state_funded, valid_from, valid_to, hospital_code, hospital_name, updated_on) " +
            "VALUES ($number, $holder, $name, $from, $sex, 'TE', 1, 1, $from, $to, '27003', 'Bệnh viện Sản - Nhi Bắc Ninh', $today)",
            ct,
            ("$number", number), ("$holder", node.PersonalId), ("$name", node.Citizen.FullName ?? ""),
            ("$sex", node.Citizen.Sex == "FEMALE" ? "Nữ" : "Nam"), // printed on the card as the population database has it
            ("$from", Iso(born)), ("$to", Iso(born.AddYears(6).AddDays(-1))), ("$today", Iso(today)));
        return new EventAnswer("InsuranceCardIssued", node.PersonalId, null, number);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
