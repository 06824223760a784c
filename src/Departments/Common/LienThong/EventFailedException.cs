namespace DataHub.Departments.LienThong;

/// <summary>
/// One event could not be handled for a reason of its own (its write broke a constraint, the hub refused its answer):
/// counted as an attempt, and after the last attempt the event is parked. <see cref="Code"/> is a stable code, never a
/// message, so no personal data reaches the log or the parked row.
/// </summary>
public sealed class EventFailedException(string code, Exception? inner = null)
    : Exception($"The event could not be handled ({code}).", inner)
{
    public string Code { get; } = code;
}
