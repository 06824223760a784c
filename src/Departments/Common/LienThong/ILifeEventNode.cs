namespace DataHub.Departments.LienThong;

/// <summary>What every event a worker reads carries: its id (the idempotency key) and its cursor.</summary>
public interface ILifeEventNode
{
    string Id { get; }

    string Cursor { get; }

    string Kind { get; }
}
