using System.Security.Cryptography;
using System.Text;
using DataHub.Connectors;

namespace DataHub.Hub.Statistics;

/// <summary>
/// Disclosure control of a published table, in the order statistical offices apply it:
/// <list type="number">
/// <item>Cell-key perturbation (the ABS TableBuilder method): every record has a fixed pseudo-random key
/// (<see cref="RecordKeys"/>, computed in the source); a cell's key is the sum of its records' keys modulo
/// <see cref="Modulus"/>; a fixed table, derived from the secret, maps (cell key, count) to noise in −2…+2. The same set
/// of records always gets the same noise, whatever query produced it, so asking again or differently averages nothing
/// away, and the difference of two overlapping cells carries the noise of both.</item>
/// <item>Primary suppression: a cell whose true count is below k is not published.</item>
/// <item>Secondary suppression: when exactly one cell of a table is suppressed, the smallest published cell is
/// suppressed too, so the total minus the published cells never gives the small one back.</item>
/// </list>
/// </summary>
public sealed class CellProtection(StatisticsOptions options)
{
    /// <summary>The range of record and cell keys.</summary>
    public const long Modulus = 4093;

    private const int CountsInTable = 32;

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.CellKeySecret);

    /// <summary>The record keys the sources compute: multiplier and offset derived from the secret.</summary>
    public RecordKeys RecordKeys { get; } = Derive(options.CellKeySecret);

    public int MinimumCount => options.MinimumCellCount;

    public bool Perturbs => options.Perturbation;

    public StatisticsTable Protect(StatisticsFigure figure, IReadOnlyList<string> dimensions, RawTable raw, bool hasSum)
    {
        var cells = raw.Rows
            .OrderBy(r => string.Join('\u001f', r.Keys.Select(k => k ?? "")), StringComparer.Ordinal)
            .Select(r => (Row: r, Cell: Publish(r, hasSum)))
            .ToList();

        // Primary: fewer than k records.
        var suppressed = new bool[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            suppressed[i] = IsSmall(cells[i].Row.Count);
        }

        // Secondary: a single suppressed cell would be the total minus the others; take the smallest published one with it.
        var complement = -1;
        if (suppressed.Count(s => s) == 1 && cells.Count > 1)
        {
            complement = Enumerable.Range(0, cells.Count).Where(i => !suppressed[i]).MinBy(i => cells[i].Row.Count);
        }

        var published = cells.Select((c, i) => suppressed[i] ? c.Cell with { Count = null, Sum = null, Suppression = "small" }
            : i == complement ? c.Cell with { Count = null, Sum = null, Suppression = "complement" }
            : c.Cell).ToList();

        var total = new AggregateRow([],
            raw.Rows.Sum(r => r.Count),
            hasSum ? raw.Rows.Sum(r => r.Sum ?? 0) : null,
            raw.Rows.Aggregate(0L, (sum, r) => (sum + (r.KeySum ?? 0)) % Modulus));
        var totalCell = IsSmall(total.Count) ? new StatisticsCell([], null, null, "small") : Publish(total, hasSum);

        return new StatisticsTable(figure.Name, dimensions, published, totalCell, raw.ComputedAt, MinimumCount, Perturbs);
    }

    private bool IsSmall(long count) => count > 0 && count < MinimumCount;

    private StatisticsCell Publish(AggregateRow row, bool hasSum)
    {
        var noise = Perturbs ? Noise(row.Count, (row.KeySum ?? 0) % Modulus) : 0;
        var count = Math.Max(0, row.Count + noise);
        double? sum = hasSum ? row.Sum ?? 0 : null;
        if (sum is { } exact && Perturbs && row.Count > 0)
        {
            // A sum carries the same noise as its count, in units of the cell's mean.
            sum = Math.Round(exact + noise * (exact / row.Count));
        }

        return new StatisticsCell(row.Keys, count, sum, null);
    }

    /// <summary>The perturbation table: (cell key, count) → −2…+2, fixed by the secret; a zero count stays zero.</summary>
    public int Noise(long count, long cellKey)
    {
        if (count == 0)
        {
            return 0;
        }

        var row = Math.Min(count, CountsInTable);
        var hash = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{row}:{cellKey}")));
        var draw = BitConverter.ToUInt32(hash, 0) % 100;
        var noise = draw switch
        {
            < 10 => -2,
            < 30 => -1,
            < 70 => 0,
            < 90 => 1,
            _ => 2,
        };
        return (int)Math.Max(noise, 1 - count); // never below 1 for a non-empty cell
    }

    private static RecordKeys Derive(string secret)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("record-keys:" + secret));
        var multiplier = 1 + (long)(BitConverter.ToUInt32(hash, 0) % (Modulus - 1));
        var offset = (long)(BitConverter.ToUInt32(hash, 4) % Modulus);
        return new RecordKeys(multiplier, offset, Modulus);
    }
}
