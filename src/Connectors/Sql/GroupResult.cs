namespace DataHub.Connectors.Sql;

/// <summary>One group read back from SQL.</summary>
internal sealed class GroupResult<T0, T1, T2> : IGroupResult
{
    public T0 K0 { get; set; } = default!;

    public T1 K1 { get; set; } = default!;

    public T2 K2 { get; set; } = default!;

    public long Count { get; set; }

    public double? Sum { get; set; }

    public long? KeySum { get; set; }

    public object? Key(int index) => index switch { 0 => K0, 1 => K1, _ => K2 };
}
