using DataHub.Connectors;
using DataHub.Hub.Planning;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Under-6 health-card coverage per commune, composed by key: the population source lists the children born less than
/// six years ago (and matching the caller's <c>where</c>) with their household, in pages; the households' communes come
/// from the same source in batches; for each commune, Social Security counts how many of a batch of
/// <see cref="KeyCountQuery.MaxKeys"/> children hold a card in force (<see cref="IKeyCountSource"/>, the keys in the
/// request body, only a count back). The rows — (commune, has card) → count and cell-key sum — are then protected like
/// any figure. No key is kept, logged, traced or published: they live in this method's memory for one request.
/// </summary>
public sealed class Under6CardCoverage(SourceGateway gateway)
{
    public const string CardSource = "health-insurance";
    public const int PageSize = 5_000;

    public async Task<IReadOnlyList<AggregateRow>> ComputeAsync(
        HubRequestContext request, StatisticsFigure figure, FilterNode? where, IReadOnlyList<StatisticsDimension> groupBy, DateOnly asOf,
        RecordKeys? recordKeys, CancellationToken cancellationToken)
    {
        if (gateway.Connector(CardSource) is not IKeyCountSource)
        {
            throw new GraphQL.DataHubError(GraphQL.ErrorCodes.SourceUnavailable, $"The source '{CardSource}' does not count cards by holder.");
        }

        // 1. The children and their households, page by page (keys only). Ordered by date of birth first, so the source
        //    reads the date-of-birth range from its index: ordered by personal ID alone, SQLite walked the whole table
        //    in key order for every page (33 s at 1,000,000 citizens).
        var underSix = new FieldCondition("dateOfBirth", FilterOperator.Gt, asOf.AddYears(-6));
        var filter = where is null ? (FilterNode)underSix : new AllOf([where, underSix]);
        var children = new List<(string Key, string? Household)>();
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await gateway.ListAsync(request, figure.Source,
                new ListQuery("Citizen", filter, [new SortField("dateOfBirth", false), new SortField("personalId", false)], skip, PageSize, ["personalId", "household"], false), cancellationToken);
            children.AddRange(page.Rows.Select(r => (r.Key, r["household"] as string)));
            if (!page.HasNextPage || page.Rows.Count == 0)
            {
                break;
            }
        }

        // 2. Their communes, in batches of households.
        var communes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var batch in children.Select(c => c.Household).OfType<string>().Distinct(StringComparer.Ordinal).Chunk(KeyCountQuery.MaxKeys))
        {
            var households = await gateway.LookupAsync(request, figure.Source, "Household", batch, ["commune"], cancellationToken);
            foreach (var (key, row) in households)
            {
                communes[key] = row["commune"] as string;
            }
        }

        // 3. Per commune, the children with a card in force: one count per batch.
        var cells = new Dictionary<(string? Commune, bool HasCard), (long Count, long KeySum)>();
        foreach (var commune in children.GroupBy(c => c.Household is { } h ? communes.GetValueOrDefault(h) : null))
        {
            long total = commune.LongCount(), totalKeys = 0, withCard = 0, withCardKeys = 0;
            foreach (var batch in commune.Select(c => c.Key).Chunk(KeyCountQuery.MaxKeys))
            {
                var counted = await gateway.CountKeysAsync(request, CardSource, new KeyCountQuery("InsuranceCard", batch, asOf, recordKeys), cancellationToken);
                withCard += counted.Count;
                withCardKeys += counted.KeySum ?? 0;
                totalKeys += recordKeys is null ? 0 : batch.Sum(key => RecordKey(key, recordKeys));
            }

            var modulus = recordKeys?.Modulus ?? 1;
            cells[(commune.Key, true)] = (withCard, Mod(withCardKeys, modulus));
            cells[(commune.Key, false)] = (total - withCard, Mod(totalKeys - withCardKeys, modulus));
        }

        // 4. The cells the caller grouped by (commune, has card, both or neither), empty ones left out as GROUP BY does.
        return cells
            .GroupBy(c => groupBy.Select(d => d.Name == "commune" ? c.Key.Commune : c.Key.HasCard ? "true" : "false").ToList(), KeysComparer.Instance)
            .Select(g => new AggregateRow(g.Key, g.Sum(c => c.Value.Count), null,
                recordKeys is null ? null : Mod(g.Sum(c => c.Value.KeySum), recordKeys.Modulus)))
            .Where(r => r.Count > 0)
            .ToList();
    }

    // The same record key the SQL connector computes in the source: the last seven digits of the key.
    private static long RecordKey(string key, RecordKeys keys)
    {
        var digits = long.Parse(key.AsSpan(Math.Max(0, key.Length - 7)), System.Globalization.CultureInfo.InvariantCulture);
        return (digits * keys.Multiplier + keys.Offset) % keys.Modulus;
    }

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    private sealed class KeysComparer : IEqualityComparer<List<string?>>
    {
        public static readonly KeysComparer Instance = new();

        public bool Equals(List<string?>? x, List<string?>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(List<string?> obj) => obj.Aggregate(17, (h, k) => (h * 31) + (k?.GetHashCode(StringComparison.Ordinal) ?? 0));
    }
}
