using System.Globalization;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Portal;

/// <summary>
/// Where a citizen's notifications stand: the last audit entry about them by someone else, and the last request for
/// their consent. Written <c>read:request</c>; the same text is each notification's <c>cursor</c>, the subscription's
/// <c>after</c> and, over Server-Sent Events, the <c>id:</c> line that comes back as <c>Last-Event-ID</c>.
/// </summary>
public readonly record struct NotificationCursor(long Read, int Request)
{
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{Read}:{Request}");

    public static NotificationCursor Decode(string cursor) =>
        cursor.Length <= 32 && cursor.Split(':') is [var read, var request]
            && long.TryParse(read, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
            && int.TryParse(request, NumberStyles.None, CultureInfo.InvariantCulture, out var q)
            ? new NotificationCursor(r, q)
            : throw new DataHubError(ErrorCodes.InvalidCursor, "'after' is not a notification cursor: give the 'cursor' of the last notification you saw.");

    /// <summary>The later of two positions, part by part.</summary>
    public NotificationCursor Max(NotificationCursor other) => new(Math.Max(Read, other.Read), Math.Max(Request, other.Request));
}
