namespace DataHub.Hub.Planning;

/// <summary>A request refused while it is planned (a limit, a bad argument), before any source is read.</summary>
public sealed class RequestRefusedException(string code, string message, PlannedField? at = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Where in the operation, when a field is to blame.</summary>
    public PlannedField? At { get; } = at;
}
