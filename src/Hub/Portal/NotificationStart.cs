namespace DataHub.Hub.Portal;

/// <summary>
/// A <c>myNotifications</c> subscription as it was opened: whose notifications, and after which cursor. The field's
/// resolver leaves it on the request (under <see cref="Events.SubscriptionStart.Key"/>); the transports stream from it.
/// </summary>
public sealed record NotificationStart(string PersonalId, NotificationCursor After);
