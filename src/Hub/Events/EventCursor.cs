using System.Globalization;
using DataHub.Hub.GraphQL;

namespace DataHub.Hub.Events;

/// <summary>
/// A position in the event store: the sequence of the last event seen, as decimal text. The same value is each
/// event's <c>cursor</c>, the <c>after</c> argument and, over Server-Sent Events, the <c>id:</c> line that comes back
/// as <c>Last-Event-ID</c>.
/// </summary>
public static class EventCursor
{
    public static string Encode(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sequence after which to read; 0 (the beginning) for null.</summary>
    public static long Decode(string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        return cursor.Length <= 19 && long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new DataHubError(ErrorCodes.InvalidCursor, "'after' is not an event cursor: give the 'cursor' of the last event you saw.");
    }
}
