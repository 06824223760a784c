using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// Creates the audit store. On PostgreSQL the entries table is partitioned by month (declarative partitioning), so a
/// year of entries stays fast to append and to drop by retention; the subject table serves a citizen's history.
/// </summary>
/// <remarks>
/// REVIEW: the <c>Checkpoints</c> table is made by idempotent DDL outside the EF model, on both providers, so the schema
/// fingerprint (<see cref="Registry.SchemaGuard"/>) of stores created before checkpoints still matches and they gain
/// the table on their next start. It joins the model when migrations replace the fingerprint.
/// </remarks>
public static class AuditStore
{
    public static async Task CreateAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        bool created;
        if (db.Database.IsNpgsql())
        {
            created = !await TableExistsAsync(db, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(PostgresSchema(DateTime.UtcNow), cancellationToken);
        }
        else
        {
            created = await db.Database.EnsureCreatedAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync(SqliteCheckpoints, cancellationToken);
        }

        await Registry.SchemaGuard.CheckAsync(db, "audit", created, cancellationToken);

        if (!await db.Head.AnyAsync(cancellationToken))
        {
            db.Head.Add(new AuditHead { Id = 1, LastEntryId = 0, LastHash = AuditEntry.GenesisHash });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    // The time is kept as the exact text that was signed (AuditEntry.CanonicalTime), not as a provider timestamp.
    private const string SqliteCheckpoints = """
        CREATE TABLE IF NOT EXISTS "Checkpoints" (
            "Id" INTEGER PRIMARY KEY AUTOINCREMENT,
            "EntryId" INTEGER NOT NULL,
            "Hash" TEXT NOT NULL,
            "Entries" INTEGER NOT NULL,
            "Time" TEXT NOT NULL,
            "Signature" TEXT NOT NULL,
            "KeyId" TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS "IX_Checkpoints_EntryId" ON "Checkpoints" ("EntryId");
        """;

    private static async Task<bool> TableExistsAsync(AuditDbContext db, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<bool>($"SELECT to_regclass('\"Entries\"') IS NOT NULL AS \"Value\"").ToListAsync(cancellationToken))[0];

    /// <summary>The PostgreSQL DDL: idempotent, with monthly partitions from last month to a year ahead and a default.</summary>
    public static string PostgresSchema(DateTime now)
    {
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1);
        var partitions = string.Join("\n", Enumerable.Range(0, 14).Select(i =>
        {
            var from = month.AddMonths(i);
            var to = from.AddMonths(1);
            return $"CREATE TABLE IF NOT EXISTS \"Entries_{from:yyyy_MM}\" PARTITION OF \"Entries\" " +
                $"FOR VALUES FROM ('{from:yyyy-MM-dd}') TO ('{to:yyyy-MM-dd}');";
        }));
        return $$"""
            CREATE TABLE IF NOT EXISTS "Entries" (
                "Id" bigint NOT NULL,
                "Timestamp" timestamp with time zone NOT NULL,
                "RequestId" text NOT NULL,
                "PrincipalKind" text NOT NULL,
                "Principal" text NOT NULL,
                "Purpose" text NULL,
                "OperationName" text NULL,
                "DocumentHash" text NOT NULL,
                "Fields" text NOT NULL,
                "Citizens" text NOT NULL,
                "Outcome" text NOT NULL,
                "ErrorCodes" text NOT NULL,
                "PreviousHash" text NOT NULL,
                "Hash" text NOT NULL,
                "AppVersion" text NULL,
                PRIMARY KEY ("Id", "Timestamp")
            ) PARTITION BY RANGE ("Timestamp");
            {{partitions}}
            CREATE TABLE IF NOT EXISTS "Entries_default" PARTITION OF "Entries" DEFAULT;
            CREATE INDEX IF NOT EXISTS "IX_Entries_Id" ON "Entries" ("Id");
            CREATE INDEX IF NOT EXISTS "IX_Entries_Principal" ON "Entries" ("Principal");
            CREATE TABLE IF NOT EXISTS "Subjects" (
                "PersonalId" text NOT NULL,
                "EntryId" bigint NOT NULL,
                PRIMARY KEY ("PersonalId", "EntryId")
            );
            CREATE TABLE IF NOT EXISTS "Head" (
                "Id" integer PRIMARY KEY,
                "LastEntryId" bigint NOT NULL,
                "LastHash" text NOT NULL
            );
            CREATE TABLE IF NOT EXISTS "Checkpoints" (
                "Id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                "EntryId" bigint NOT NULL,
                "Hash" text NOT NULL,
                "Entries" bigint NOT NULL,
                "Time" text NOT NULL,
                "Signature" text NOT NULL,
                "KeyId" text NOT NULL
            );
            CREATE INDEX IF NOT EXISTS "IX_Checkpoints_EntryId" ON "Checkpoints" ("EntryId");
            """;
    }
}
