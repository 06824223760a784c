using DataHub.Departments.LienThong;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.Police;

/// <summary>DeathRegistered → the date of death recorded, the permanent residence removed → PermanentResidenceRemoved.</summary>
public sealed class DeathWorker(WorkerOptions options, HubClient hub, ILogger<DeathWorker> logger, TimeProvider clock)
    : LifeEventWorker<DeathEvent>(options, hub, logger, clock)
{
    private static readonly string _document = Document(typeof(DeathWorker).Assembly, "DeathsToRecord.graphql");

    protected override string EventsDocument => _document;

    protected override string Name => "cong-an/death";

    protected override string Purpose => "death-registration";

    protected override async Task<EventAnswer?> ApplyAsync(DeathEvent node, SqliteConnection db, SqliteTransaction transaction, CancellationToken ct)
    {
        if (node.Citizen?.DeathRegistration is not { } death)
        {
            return null;
        }

        // Removing the permanent residence: out of the household; the address is kept empty (NOT NULL in the schema).
        await WorkerInbox.ExecuteAsync(db, transaction,
            "UPDATE citizens SET date_of_death = $died, permanent_residence = '', household_id = NULL, household_head_personal_id = NULL, " +
            "relation_to_household_head = NULL WHERE personal_id = $id",
            ct, ("$died", death.DateOfDeath), ("$id", node.PersonalId));
        return new EventAnswer("PermanentResidenceRemoved", node.PersonalId, node.RelatedPersonalId, node.Citizen.Household?.Id ?? death.RegistrationNumber);
    }
}
