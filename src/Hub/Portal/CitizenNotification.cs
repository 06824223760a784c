using DataHub.Hub.Access;
using DataHub.Hub.Audit;

namespace DataHub.Hub.Portal;

/// <summary>
/// One notification for a citizen, the root value of one delivery of <c>myNotifications</c>: <c>read</c> (someone else
/// read my data: the audit entry) or <c>consent-request</c> (a department asks for my consent).
/// </summary>
public sealed record CitizenNotification(string Kind, NotificationCursor Cursor, AuditEntry? Access, ConsentRequest? Request)
{
    public const string Read = "read";
    public const string ConsentRequested = "consent-request";
}
