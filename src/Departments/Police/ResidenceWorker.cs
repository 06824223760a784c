using DataHub.Departments.LienThong;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DataHub.Departments.Police;

/// <summary>BirthRegistered → the child's record and permanent residence in the parent's household → PermanentResidenceRegistered.</summary>
public sealed class ResidenceWorker(WorkerOptions options, HubClient hub, ILogger<ResidenceWorker> logger, TimeProvider clock)
    : LifeEventWorker<BirthEvent>(options, hub, logger, clock)
{
    private static readonly string _document = Document(typeof(ResidenceWorker).Assembly, "BirthsToRegister.graphql");

    protected override string EventsDocument => _document;

    protected override string Name => "cong-an/residence";

    protected override string Purpose => "residence-registration";

    protected override async Task<EventAnswer?> ApplyAsync(BirthEvent node, SqliteConnection db, SqliteTransaction transaction, CancellationToken ct)
    {
        var birth = node.Citizen?.BirthRegistration;
        var parent = node.RelatedCitizen;
        if (birth is null || parent is null)
        {
            return null; // nothing to register from: no certificate, or no parent named (the dossier shows the step waiting)
        }

        var household = parent.Household;
        var residence = household?.Address ?? parent.PermanentResidence ?? "";
        var head = household?.Head?.PersonalId;
        var relation = head == birth.FatherPersonalId || head == birth.MotherPersonalId ? "Con" : "Cháu";
        await WorkerInbox.ExecuteAsync(db, transaction,
            "INSERT INTO citizens (personal_id, full_name, date_of_birth, sex, birth_registration_place, hometown, ethnicity, religion, nationality, " +
            "marital_status, permanent_residence, current_residence, father_personal_id, mother_personal_id, household_id, household_head_personal_id, " +
            "relation_to_household_head, legal_representative_personal_id) VALUES ($id, $name, $born, $sex, $place, $hometown, $ethnicity, $religion, " +
            "$nationality, 'SINGLE', $residence, $residence, $father, $mother, $household, $head, $relation, $representative) " +
            "ON CONFLICT(personal_id) DO UPDATE SET permanent_residence = excluded.permanent_residence, household_id = excluded.household_id, " +
            "household_head_personal_id = excluded.household_head_personal_id, relation_to_household_head = excluded.relation_to_household_head",
            ct,
            ("$id", node.PersonalId), ("$name", birth.ChildFullName), ("$born", birth.DateOfBirth), ("$sex", birth.Sex), ("$place", birth.Place),
            ("$hometown", parent.Hometown ?? ""), ("$ethnicity", parent.Ethnicity ?? "Kinh"), ("$religion", parent.Religion ?? "Không"),
            ("$nationality", parent.Nationality ?? "Việt Nam"), ("$residence", residence), ("$father", birth.FatherPersonalId),
            ("$mother", birth.MotherPersonalId), ("$household", household?.Id), ("$head", head), ("$relation", household is null ? null : relation),
            ("$representative", birth.MotherPersonalId ?? birth.FatherPersonalId));
        return new EventAnswer("PermanentResidenceRegistered", node.PersonalId, parent.PersonalId, household?.Id ?? birth.RegistrationNumber);
    }
}
