namespace DataHub.Hub.Events;

/// <summary>
/// A department's right to receive one kind of life event for one purpose: policy data in the registry beside the
/// grants, which decide the fields it then reads about the citizen the event names.
/// </summary>
public sealed class EventReceiver
{
    public int Id { get; set; }

    public required string Kind { get; set; }

    public required string DepartmentCode { get; set; }

    public required string PurposeCode { get; set; }

    public required string GrantedBy { get; set; }

    public DateTime? RevokedAt { get; set; }
}
