using System.Globalization;
using DataHub.Connectors;
using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using DataHub.Hub.Registry;
using DataHub.Hub.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Access;

/// <summary>
/// Consent in the citizen's hands (issue 17): whose consent a citizen token manages (their own, or a minor's they
/// represent), giving and withdrawing it, and departments' requests for it. Every change goes through
/// <see cref="AccessAdministration"/> into the one consent store the access decision reads; the level a change needs is
/// declared on its GraphQL field and decided by <see cref="AccessDecisions"/> before it runs.
/// </summary>
public sealed class CitizenConsents(
    IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, AccessAdministration administration, SourceCatalog sources,
    IOptions<CitizenIdOptions> options, TimeProvider clock)
{
    private const string PopulationSource = "population";
    private const int MaxReasonLength = 500;

    /// <summary>Most minors one citizen is shown as representing (parents of many children, guardians).</summary>
    public const int MaxRepresented = 20;

    /// <summary>
    /// Whose consent this citizen token manages: its own (no <paramref name="forPersonalId"/>, or its own ID) unless it
    /// is a minor's; a minor's when the token's citizen is that minor's father, mother or legal representative in the
    /// population database and the minor is under <see cref="CitizenIdOptions.RepresentativeUntilAge"/>.
    /// </summary>
    public async Task<(string Subject, bool AsRepresentative)> SubjectAsync(HubPrincipal citizen, string? forPersonalId, CancellationToken cancellationToken)
    {
        var me = citizen.PersonalId!;
        if (string.IsNullOrWhiteSpace(forPersonalId) || forPersonalId.Trim() == me)
        {
            var own = await LookupAsync(me, cancellationToken);
            if (own is not null && IsMinor(own))
            {
                throw new DataHubError(ErrorCodes.RepresentativeRequired,
                    $"Until you are {options.Value.RepresentativeUntilAge}, your parent or legal representative manages your consent.");
            }

            return (me, false);
        }

        var id = Governance.RequirePersonalId(forPersonalId);
        var minor = await LookupAsync(id, cancellationToken);
        if (minor is null || !IsMinor(minor) || !Representatives(minor).Contains(me))
        {
            // One answer whether the citizen exists, is of age or has other parents: nothing about them is disclosed.
            throw new DataHubError(ErrorCodes.NotRepresentative,
                $"You do not represent this citizen: a parent or legal representative acts for a minor under {options.Value.RepresentativeUntilAge} only.");
        }

        return (id, true);
    }

    /// <summary>The minors this citizen represents (father, mother or legal representative), with their names.</summary>
    public async Task<IReadOnlyList<(string PersonalId, string FullName)>> RepresentedAsync(HubPrincipal citizen, CancellationToken cancellationToken)
    {
        var me = citizen.PersonalId!;
        var page = await sources.Connectors[PopulationSource].ListAsync(new ListQuery("Citizen",
            new AnyOf([new FieldCondition("father", FilterOperator.Eq, me), new FieldCondition("mother", FilterOperator.Eq, me),
                new FieldCondition("legalRepresentative", FilterOperator.Eq, me)]),
            [new SortField("personalId", false)], 0, MaxRepresented, ["personalId", "fullName", "dateOfBirth"], false), cancellationToken);
        return page.Rows.Where(IsMinor).Select(r => (r.Key, r["fullName"] as string ?? "")).ToList();
    }

    /// <summary>The consents of one citizen, newest first.</summary>
    public async Task<List<ConsentRecord>> ConsentsAsync(string subject, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.ConsentRecords.AsNoTracking().Where(c => c.CitizenPersonalId == subject).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Gives consent: fields classed consent-required, a purpose the department may state, for some days.</summary>
    public async Task<ConsentRecord> GiveAsync(
        string subject, bool asRepresentative, string department, string purpose, IReadOnlyCollection<string> fields, int days,
        CancellationToken cancellationToken)
    {
        RequireConsentable(fields);
        if (days < 1 || days > options.Value.MaxConsentDays)
        {
            throw new DataHubError(ErrorCodes.InvalidArgument, $"'days' is from 1 to {options.Value.MaxConsentDays} (CitizenId:MaxConsentDays).");
        }

        var until = clock.GetUtcNow().UtcDateTime.AddDays(days);
        return await administration.RecordConsentAsync(subject, department, purpose, fields.Distinct().ToList(), until, Author(asRepresentative), cancellationToken);
    }

    /// <summary>Withdraws one of this citizen's consents; applies to the very next request.</summary>
    public Task<ConsentRecord> WithdrawAsync(string subject, bool asRepresentative, int id, CancellationToken cancellationToken) =>
        administration.RevokeConsentAsync(id, subject, Author(asRepresentative), cancellationToken);

    /// <summary>Requests for this citizen's consent, pending first, then newest.</summary>
    public async Task<List<ConsentRequest>> RequestsForAsync(string subject, string? status, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var query = db.ConsentRequests.AsNoTracking().Where(r => r.CitizenPersonalId == subject);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        return await query.OrderBy(r => r.Status == ConsentRequest.Pending ? 0 : 1).ThenByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>The citizen's answer to a department's request.</summary>
    public Task<ConsentRequest> AnswerAsync(string subject, bool asRepresentative, int id, bool approve, CancellationToken cancellationToken) =>
        administration.AnswerConsentRequestAsync(id, subject, approve, Author(asRepresentative), cancellationToken);

    /// <summary>
    /// A department asks a citizen for consent. It must be able to read each field for the purpose once consented
    /// (a live grant; the one decision says so), and say why.
    /// </summary>
    public async Task<ConsentRequest> RequestAsync(
        HubPrincipal department, string personalId, IReadOnlyCollection<string> fields, string purpose, string reason, DateTime until,
        CancellationToken cancellationToken)
    {
        var id = Governance.RequirePersonalId(personalId);
        if (decisions.RefusePurpose(department, purpose) is { } refusal)
        {
            throw new DataHubError(refusal.Code, refusal.Message);
        }

        RequireConsentable(fields);
        foreach (var field in fields)
        {
            if (decisions.Decide(department, purpose, field) != Decision.AllowedWithConsent)
            {
                var denied = AccessDecisions.NotGranted(department, purpose, field, null);
                throw new DataHubError(denied.Code, denied.Message);
            }
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw new DataHubError(ErrorCodes.InvalidArgument, $"Say why you ask, in at most {MaxReasonLength} characters ('reason').");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (until <= now || until > now.AddDays(options.Value.MaxConsentDays))
        {
            throw new DataHubError(ErrorCodes.InvalidArgument, $"'until' is a time after now and within {options.Value.MaxConsentDays} days.");
        }

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var request = new ConsentRequest
        {
            DepartmentCode = department.DepartmentCode!,
            CitizenPersonalId = id,
            Fields = string.Join(",", fields.Distinct()),
            PurposeCode = purpose,
            Reason = reason.Trim(),
            Until = until,
            RequestedAt = now,
        };
        db.ConsentRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    /// <summary>A department's own requests for consent and their outcome, newest first.</summary>
    public async Task<List<ConsentRequest>> RequestsByAsync(string department, string? status, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        var query = db.ConsentRequests.AsNoTracking().Where(r => r.DepartmentCode == department);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        return await query.OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
    }

    private void RequireConsentable(IReadOnlyCollection<string> fields)
    {
        if (fields.Count == 0 || fields.Count > AdminLimits.MaxListLength)
        {
            throw new DataHubError(ErrorCodes.InvalidArgument, $"Name from 1 to {AdminLimits.MaxListLength} fields.");
        }

        var policy = decisions.Policy;
        var not = fields.Where(f => policy.ClassOf(f) != FieldClass.ConsentRequired).ToList();
        if (not.Count > 0)
        {
            throw new DataHubError(ErrorCodes.FieldNotConsentable,
                $"Consent is given only for fields classed consent-required; not: {string.Join(", ", not.Take(5).Select(f => f.Length > 64 ? f[..64] + "…" : f))}.");
        }
    }

    private static ChangeAuthor Author(bool asRepresentative) => new(asRepresentative ? "representative" : "citizen", null);

    private async Task<SourceRow?> LookupAsync(string personalId, CancellationToken cancellationToken)
    {
        var rows = await sources.Connectors[PopulationSource].LookupAsync("Citizen", [personalId],
            ["personalId", "dateOfBirth", "father", "mother", "legalRepresentative"], cancellationToken);
        return rows.GetValueOrDefault(personalId);
    }

    private bool IsMinor(SourceRow citizen)
    {
        var born = citizen["dateOfBirth"] switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            string text when DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => (DateOnly?)null,
        };
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return born is { } birth && birth.AddYears(options.Value.RepresentativeUntilAge) > today;
    }

    private static HashSet<string> Representatives(SourceRow minor) =>
        new[] { "father", "mother", "legalRepresentative" }.Select(f => minor[f] as string).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
