namespace DataHub.Connectors.Sql;

/// <summary>The group key of an aggregate: up to three dimension values.</summary>
internal sealed class GroupKey<T0, T1, T2>(T0 k0, T1 k1, T2 k2)
{
    public T0 K0 { get; } = k0;

    public T1 K1 { get; } = k1;

    public T2 K2 { get; } = k2;
}
