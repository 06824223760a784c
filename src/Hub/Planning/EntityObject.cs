using DataHub.Connectors;
using DataHub.Hub.Composition;

namespace DataHub.Hub.Planning;

/// <summary>
/// One entity while a query runs: its type, its key, and the rows fetched for it so far from each source.
/// An entity reached through a reference starts as its key alone; its fields load, batched, when resolved.
/// </summary>
public sealed class EntityObject(CompositeType type, string key, IReadOnlySet<string> selection, EntityObject? parent = null)
{
    // A row per source, rarely more than two: a small array replaced whole on change, read without a lock.
    private (string Source, SourceRow Row)[] _rows = [];

    public CompositeType Type { get; } = type;

    public string Key { get; } = key;

    /// <summary>The fields the query selects on this object, so one fetch per source reads all of them.</summary>
    public IReadOnlySet<string> Selection { get; } = selection;

    /// <summary>The entity whose field led here (null at a root field): a citizen's own record leads to their own data.</summary>
    public EntityObject? Parent { get; } = parent;

    /// <summary>
    /// The citizens this object is about: a citizen's own key, or the personal IDs another entity carries in the
    /// given fields (a card's holder, a case's beneficiary and deceased), from the rows fetched so far.
    /// </summary>
    public IReadOnlyList<string> Subjects(IReadOnlyList<string> citizenKeyFields)
    {
        if (citizenKeyFields.Count == 0)
        {
            return [];
        }

        // Asked once per field of the object: computed once per set of rows.
        var rows = Volatile.Read(ref _rows);
        if (Volatile.Read(ref _subjects) is { } known && ReferenceEquals(known.Rows, rows))
        {
            return known.Subjects;
        }

        var subjects = new List<string>(2);
        foreach (var (_, row) in rows)
        {
            foreach (var field in citizenKeyFields)
            {
                if (row.Values.TryGetValue(field, out var value) && value is string personalId && !subjects.Contains(personalId))
                {
                    subjects.Add(personalId);
                }
            }
        }

        Volatile.Write(ref _subjects, new KnownSubjects(rows, subjects));
        return subjects;
    }

    // One reference, replaced whole, so a reader never pairs one set of rows with another's subjects.
    private KnownSubjects? _subjects;

    private sealed record KnownSubjects((string Source, SourceRow Row)[] Rows, IReadOnlyList<string> Subjects);

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
            var next = Replaced(current, source, row);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _rows, next, current), current))
            {
                return this;
            }
        }
    }

    // Called for every object of a level as its batch arrives: a plain copy, no iterator or delegate.
    private static (string Source, SourceRow Row)[] Replaced((string Source, SourceRow Row)[] current, string source, SourceRow row)
    {
        var kept = 0;
        foreach (var (from, _) in current)
        {
            kept += from == source ? 0 : 1;
        }

        var next = new (string Source, SourceRow Row)[kept + 1];
        var i = 0;
        foreach (var entry in current)
        {
            if (entry.Source != source)
            {
                next[i++] = entry;
            }
        }

        next[i] = (source, row);
        return next;
    }
}

/// <summary>An object without a key, stored inside its owning entity's row (e.g. an identity card).</summary>
public sealed class EmbeddedObject(SourceRow row, EntityObject owner)
{
    public SourceRow Row { get; } = row;

    /// <summary>The entity whose row holds it: whose data this is.</summary>
    public EntityObject Owner { get; } = owner;
}
