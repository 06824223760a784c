using System.Data.Common;

namespace DataHub.Hub.Registry;

/// <summary>
/// Whether an exception means "the hub's database is not reachable now" — the caller then gets 503
/// <c>DATABASE_UNAVAILABLE</c>, and the hub recovers by itself when the database is back (connection pools reconnect).
/// </summary>
public static class DatabaseErrors
{
    public const string Code = GraphQL.ErrorCodes.DatabaseUnavailable;

    public static bool IsUnavailable(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
