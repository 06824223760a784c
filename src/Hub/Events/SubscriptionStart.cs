namespace DataHub.Hub.Events;

/// <summary>
/// What a subscription asked for, as decided when it was opened: the cursor to read after and the kinds it may
/// receive. The subscription field's resolver leaves it on the request; the transports read it there.
/// </summary>
public sealed record SubscriptionStart(long After, IReadOnlySet<string> Kinds)
{
    public const string Key = "datahub.subscriptionStart";
}
