using System.Collections.Concurrent;
using System.Text.Json;
using DataHub.Connectors;
using DataHub.Hub.Events;
using DataHub.Hub.Planning;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Computes a figure in its source (<see cref="IAggregateSource"/>), keeps the source's answer for
/// <see cref="StatisticsOptions.CacheSeconds"/> (dropped at the next life event, so figures follow changes), and
/// publishes it only through <see cref="CellProtection"/>. Nothing here decides who may ask: the pipeline did.
/// </summary>
public sealed class StatisticsService(
    SourceGateway gateway, IOptions<StatisticsOptions> options, LifeEventSignal signal, TimeProvider clock,
    Under6CardCoverage coverage, IEnumerable<IHubFigureSource> hubSources)
{
    private readonly ConcurrentDictionary<string, RawTable> _cache = new();
    private readonly Lock _watching = new();
    private Task? _changed;

    public CellProtection Protection { get; } = new(options.Value);

    public async Task<StatisticsTable> ComputeAsync(
        HubRequestContext request, StatisticsFigure figure, FilterNode? where, IReadOnlyList<StatisticsDimension> groupBy,
        CancellationToken cancellationToken)
    {
        var inHub = figure.InHub ? hubSources.FirstOrDefault(s => s.Name == figure.Source) : null;
        if (inHub is null && (figure.InHub || gateway.Connector(figure.Source) is not IAggregateSource))
        {
            throw new GraphQL.DataHubError(GraphQL.ErrorCodes.SourceUnavailable, $"The source '{figure.Source}' does not aggregate.");
        }

        var asOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = new AggregateQuery(figure.Entity, where, groupBy.Select(d => d.Grouping).ToList(), figure.SumField, asOf)
        {
            RecordKeys = Protection.RecordKeys,
        };
        var cacheKey = JsonSerializer.Serialize(new { figure.Name, Where = Describe(where), Dimensions = groupBy.Select(d => d.Name), asOf });
        var raw = Cached(cacheKey);
        if (raw is null)
        {
            IReadOnlyList<AggregateRow> rows;
            try
            {
                rows = inHub is not null ? await inHub.AggregateAsync(query, cancellationToken)
                    : ComposedStatisticsFigures.IsComposed(figure)
                        ? await coverage.ComputeAsync(request, figure, where, groupBy, asOf, query.RecordKeys, cancellationToken)
                        : await gateway.AggregateAsync(request, figure.Source, query, cancellationToken);
            }
            catch (AggregateRefusedException refused)
            {
                throw new GraphQL.DataHubError(GraphQL.ErrorCodes.AggregateRefused,
                    $"The source '{refused.SourceName}' will not count this ({refused.Code}): '{figure.Name}' can be grouped by its dimensions and filtered with conditions that all hold.");
            }

            raw = new RawTable(rows, clock.GetUtcNow());
            if (options.Value.CacheSeconds > 0)
            {
                _cache[cacheKey] = raw;
            }
        }

        return Protection.Protect(figure, groupBy.Select(d => d.Name).ToList(), raw, figure.SumField is not null);
    }

    /// <summary>Drops every cached figure (a life event arrived, or a test asks).</summary>
    public void Invalidate() => _cache.Clear();

    private RawTable? Cached(string key)
    {
        lock (_watching)
        {
            // A life event since the last look: the sources changed, so every figure is computed again.
            if (_changed is null || _changed.IsCompleted)
            {
                if (_changed is not null)
                {
                    _cache.Clear();
                }

                _changed = signal.Next;
            }
        }

        return _cache.TryGetValue(key, out var raw) && clock.GetUtcNow() - raw.ComputedAt < TimeSpan.FromSeconds(options.Value.CacheSeconds)
            ? raw : null;
    }

    private static object? Describe(FilterNode? node) => node switch
    {
        null => null,
        AllOf all => new { all = all.Parts.Select(Describe) },
        AnyOf any => new { any = any.Parts.Select(Describe) },
        FieldCondition c => new { c.Field, Op = c.Operator.ToString(), Value = c.Value is IEnumerable<object?> list ? string.Join(",", list) : c.Value?.ToString() },
        _ => node.ToString(),
    };
}
