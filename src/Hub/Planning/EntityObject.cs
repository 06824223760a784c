using System.Collections.Concurrent;
using DataHub.Connectors;
using DataHub.Hub.Composition;

namespace DataHub.Hub.Planning;

/// <summary>
/// One entity while a query runs: its type, its key, and the rows fetched for it so far from each source.
/// An entity reached through a reference starts as its key alone; its fields load, batched, when resolved.
/// </summary>
public sealed class EntityObject(CompositeType type, string key, IReadOnlySet<string> selection)
{
    private readonly ConcurrentDictionary<string, SourceRow> _rows = new();

    public CompositeType Type { get; } = type;

    public string Key { get; } = key;

    /// <summary>The fields the query selects on this object, so one fetch per source reads all of them.</summary>
    public IReadOnlySet<string> Selection { get; } = selection;

    public SourceRow? RowFrom(string source) => _rows.GetValueOrDefault(source);

    public EntityObject WithRow(string source, SourceRow row)
    {
        _rows[source] = row;
        return this;
    }
}

/// <summary>An object without a key, stored inside its parent's row (e.g. an identity card).</summary>
public sealed class EmbeddedObject(SourceRow row)
{
    public SourceRow Row { get; } = row;
}
