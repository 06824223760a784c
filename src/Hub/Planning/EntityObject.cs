using DataHub.Connectors;
using DataHub.Hub.Composition;

namespace DataHub.Hub.Planning;

/// <summary>
/// One entity while a query runs: its type, its key, and the rows fetched for it so far from each source.
/// An entity reached through a reference starts as its key alone; its fields load, batched, when resolved.
/// </summary>
public sealed class EntityObject(CompositeType type, string key, IReadOnlySet<string> selection)
{
    // A row per source, rarely more than two: a small array replaced whole on change, read without a lock.
    private (string Source, SourceRow Row)[] _rows = [];

    public CompositeType Type { get; } = type;

    public string Key { get; } = key;

    /// <summary>The fields the query selects on this object, so one fetch per source reads all of them.</summary>
    public IReadOnlySet<string> Selection { get; } = selection;

    public SourceRow? RowFrom(string source)
    {
        foreach (var (from, row) in Volatile.Read(ref _rows))
        {
            if (from == source)
            {
                return row;
            }
        }

        return null;
    }

    public EntityObject WithRow(string source, SourceRow row)
    {
        while (true)
        {
            var current = Volatile.Read(ref _rows);
            (string, SourceRow)[] next = [.. current.Where(r => r.Source != source), (source, row)];
            if (ReferenceEquals(Interlocked.CompareExchange(ref _rows, next, current), current))
            {
                return this;
            }
        }
    }
}

/// <summary>An object without a key, stored inside its parent's row (e.g. an identity card).</summary>
public sealed class EmbeddedObject(SourceRow row)
{
    public SourceRow Row { get; } = row;
}
