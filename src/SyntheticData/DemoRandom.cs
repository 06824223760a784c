using System.Globalization;

namespace DataHub.SyntheticData;

/// <summary>
/// The demo's own seeded generator (SplitMix64). <see cref="Random"/> with a seed is deterministic today, but .NET does
/// not promise its sequence across versions; the demo data must not change when the runtime does, because department
/// services regenerate the same citizens independently. Separate streams (population, land, welfare) keep one
/// generator's draws from shifting another's.
/// </summary>
internal sealed class DemoRandom
{
    private ulong _state;

    public DemoRandom(int seed, int stream)
    {
        _state = ((ulong)(uint)seed << 32) | (uint)stream;

        // Warm up so that nearby seeds do not start with similar outputs.
        NextUInt64();
        NextUInt64();
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>An integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A uniformly drawn day in [<paramref name="from"/>, <paramref name="to"/>] (both inclusive).</summary>
    public DateOnly Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"Empty date range {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.", nameof(to));
        }

        return from.AddDays(Next(to.DayNumber - from.DayNumber + 1));
    }

    /// <summary>Like <see cref="Between"/> but leaning towards <paramref name="to"/> (the nearer of two draws).</summary>
    public DateOnly RecentBetween(DateOnly from, DateOnly to)
    {
        var span = to.DayNumber - from.DayNumber + 1;
        var back = Math.Min(Next(span), Next(span));
        return to.AddDays(-back);
    }

    /// <summary>Sixteen lowercase hex digits, for opaque synthetic references.</summary>
    public string Hex16() => NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
}

/// <summary>A fixed table of values with relative weights; drawing is a binary search over cumulative weights.</summary>
internal sealed class Weighted<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public Weighted(params ReadOnlySpan<(T Value, double Weight)> entries)
    {
        _values = new T[entries.Length];
        _cumulative = new double[entries.Length];
        var sum = 0.0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Weight <= 0)
            {
                throw new ArgumentException("Weights must be positive.", nameof(entries));
            }

            sum += entries[i].Weight;
            _values[i] = entries[i].Value;
            _cumulative[i] = sum;
        }
    }

    public IReadOnlyList<T> Values => _values;

    public T Draw(DemoRandom random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return _values[Math.Min(index, _values.Length - 1)];
    }
}
