using DataHub.Hub.Events;

namespace DataHub.Hub.Dossiers;

/// <summary>
/// Dossiers derived from the event store by <c>causedBy</c>: the filing event starts one, each answer is its next step.
/// Derived rather than recorded, so there is one truth (the events the departments published) and nothing to keep in
/// step; a step's time is when the hub stored its event. One store read per step level, whatever the page size.
/// </summary>
public sealed class DossierReader(LifeEventStore store, DossierChains chains, TimeProvider clock)
{
    /// <summary>The newest dossiers, optionally of one chain, filed before a dossier's sequence (for the next page).</summary>
    public async Task<IReadOnlyList<Dossier>> LatestAsync(string? chain, long? before, int take, CancellationToken cancellationToken)
    {
        var starts = chains.All.Where(c => chain is null || c.Code == chain).Select(c => c.Steps[0].Kind).ToList();
        if (starts.Count == 0)
        {
            return [];
        }

        return await BuildAsync(await store.ReadLatestAsync(starts, before, take, cancellationToken), cancellationToken);
    }

    /// <summary>The dossier its filing event started, or null (no such event, or not a chain's first step).</summary>
    public async Task<Dossier?> ByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        var filing = (await store.ReadByIdsAsync([id], cancellationToken)).Where(e => chains.StartedBy(e.Kind) is not null).ToList();
        return filing.Count == 0 ? null : (await BuildAsync(filing, cancellationToken))[0];
    }

    /// <summary>The dossiers any of whose events name one of these citizens (the citizen, or the related one: a parent, the next of kin).</summary>
    public async Task<IReadOnlyList<Dossier>> NamingAsync(IReadOnlyCollection<string> personalIds, int take, CancellationToken cancellationToken)
    {
        var events = await store.ReadNamingAsync(personalIds, take * 4, cancellationToken);

        // Walk each named event back to the filing that started its dossier (a chain is a few steps long).
        var roots = new Dictionary<Guid, LifeEvent>();
        var current = events.ToList();
        for (var depth = 0; depth < 8 && current.Count > 0; depth++)
        {
            foreach (var e in current.Where(e => chains.StartedBy(e.Kind) is not null))
            {
                roots.TryAdd(e.Id, e);
            }

            var parents = current.Where(e => e.CausedBy is not null && chains.StartedBy(e.Kind) is null).Select(e => e.CausedBy!.Value).Distinct().ToList();
            current = (await store.ReadByIdsAsync(parents, cancellationToken)).ToList();
        }

        var dossiers = await BuildAsync(roots.Values.OrderByDescending(e => e.Sequence).Take(take).ToList(), cancellationToken);
        return dossiers;
    }

    private async Task<IReadOnlyList<Dossier>> BuildAsync(IReadOnlyList<LifeEvent> filings, CancellationToken cancellationToken)
    {
        // taken[i] = for each dossier, the event of step i (the first one stored, when a step was answered twice).
        var taken = filings.Select(f => new List<LifeEvent> { f }).ToList();
        var frontier = filings.ToList();
        var depth = 1;
        while (frontier.Count > 0 && depth < chains.All.Max(c => c.Steps.Count))
        {
            var answers = await store.ReadCausedByAsync(frontier.Select(e => e.Id).ToList(), cancellationToken);
            var next = new List<LifeEvent>();
            foreach (var steps in taken.Where(s => s.Count == depth))
            {
                var chain = chains.StartedBy(steps[0].Kind)!;
                if (depth >= chain.Steps.Count)
                {
                    continue;
                }

                var answer = answers.FirstOrDefault(a => a.CausedBy == steps[^1].Id && a.Kind == chain.Steps[depth].Kind);
                if (answer is not null)
                {
                    steps.Add(answer);
                    next.Add(answer);
                }
            }

            frontier = next;
            depth++;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return taken.Select(steps => Dossier(chains.StartedBy(steps[0].Kind)!, steps, now)).ToList();
    }

    private static Dossier Dossier(DossierChain chain, List<LifeEvent> events, DateTime now)
    {
        var filing = events[0];
        var filedAt = filing.PublishedAt;
        var last = events[^1].PublishedAt;
        var done = events.Count == chain.Steps.Count;
        var overdue = !done && now - last > TimeSpan.FromMinutes(chain.WaitMinutes);
        var steps = chain.Steps.Select((step, i) => i < events.Count
            ? new DossierStep(step, DossierState.Done, events[i].Id, events[i].PublishedAt, events[i].RegistrationNumber, (events[i].PublishedAt - filedAt).TotalSeconds)
            : new DossierStep(step, i == events.Count && overdue ? DossierState.Failed : DossierState.Waiting, null, null, null, null)).ToList();
        var state = done ? DossierState.Done : overdue ? DossierState.Failed : DossierState.Waiting;
        var reason = overdue
            ? $"{chain.Steps[events.Count].Department} has not published {chain.Steps[events.Count].Kind} within {chain.WaitMinutes} minutes of {chain.Steps[events.Count - 1].Kind}."
            : null;
        return new Dossier(filing.Id, filing.Sequence, chain, filing.PersonalId, filing.RelatedPersonalId, state, reason, filedAt, last,
            done ? (last - filedAt).TotalSeconds : null, steps);
    }
}
