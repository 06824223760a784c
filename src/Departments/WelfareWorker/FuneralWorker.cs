using System.Globalization;
using DataHub.Departments.LienThong;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.WelfareWorker;

/// <summary>PermanentResidenceRemoved → a PENDING FUNERAL_ALLOWANCE case for the next of kin → FuneralAllowanceOpened.</summary>
public sealed class FuneralWorker(WorkerOptions options, HubClient hub, ILogger<FuneralWorker> logger, TimeProvider clock)
    : LifeEventWorker<RemovalEvent>(options, hub, logger, clock)
{
    /// <summary>20 × the base level of 2024-07-01 (500,000 VND), Nghị định 20/2021/NĐ-CP art. 11.</summary>
    private const long Allowance = 10_000_000;

    private static readonly string _document = Document(typeof(FuneralWorker).Assembly, "RemovalsToSupport.graphql");

    protected override string EventsDocument => _document;

    protected override string Name => "so-ldtbxh/funeral";

    protected override string Purpose => "funeral-allowance";

    protected override async Task<EventAnswer?> ApplyAsync(RemovalEvent node, SqliteConnection db, SqliteTransaction transaction, CancellationToken ct)
    {
        if (node.RelatedCitizen is not { } kin || node.Citizen?.DeathRegistration is not { } death || node.Citizen.FuneralAllowanceCases is { Count: > 0 })
        {
            return null; // no next of kin named, no registered death, or a case already open
        }

        await using var last = WorkerInbox.Command(db, transaction,
            "SELECT coalesce(max(CAST(substr(case_id, 8) AS INTEGER)), 0) FROM benefit_cases WHERE case_id LIKE 'TC-027-%'");
        var next = Convert.ToInt64(await last.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) + 1;
        var caseId = string.Create(CultureInfo.InvariantCulture, $"TC-027-{next:D8}");
        var commune = kin.Household?.Commune ?? death.Place.Split(',')[0].Trim();
        await WorkerInbox.ExecuteAsync(db, transaction,
            "INSERT INTO benefit_cases (case_id, beneficiary_personal_id, benefit_type, status, amount_vnd, opened_on, decided_on, commune, deceased_personal_id) " +
            "VALUES ($case, $kin, 'FUNERAL_ALLOWANCE', 'PENDING', $amount, $opened, NULL, $commune, $deceased)",
            ct,
            ("$case", caseId), ("$kin", kin.PersonalId), ("$amount", Allowance),
            ("$opened", DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("$commune", commune), ("$deceased", node.PersonalId));
        return new EventAnswer("FuneralAllowanceOpened", node.PersonalId, kin.PersonalId, caseId);
    }
}
