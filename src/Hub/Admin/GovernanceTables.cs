using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Admin;

/// <summary>
/// Registries created before the admin API lack its tables (EnsureCreated does not add tables to an existing
/// database): on SQLite, add AccessRequests, AdminChanges and the grants' version column in place, keeping the data.
/// </summary>
internal static class GovernanceTables
{
    // REVIEW: replaced by EF migrations when the PostgreSQL issue brings them for both providers.
    public static void EnsureCreated(IServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext();
        if (!db.Database.IsSqlite())
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            if (Count(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'AccessRequests'") == 0)
            {
                var script = db.Database.GenerateCreateScript();
                foreach (var statement in script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (statement.Contains("\"AccessRequests\"", StringComparison.Ordinal) || statement.Contains("\"AdminChanges\"", StringComparison.Ordinal))
                    {
                        Execute(connection, statement);
                    }
                }
            }

            if (Count(connection, "SELECT count(*) FROM pragma_table_info('FieldGrants') WHERE name = 'Version'") == 0)
            {
                Execute(connection, "ALTER TABLE \"FieldGrants\" ADD COLUMN \"Version\" INTEGER NOT NULL DEFAULT 0");
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static long Count(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
