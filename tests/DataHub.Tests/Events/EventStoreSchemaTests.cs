using DataHub.Hub.Events;
using DataHub.Hub.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Events;

/// <summary>The event store's <c>CausedBy</c> index (dossiers are derived by causedBy), on the embedded SQLite store.</summary>
public sealed class EventStoreSchemaTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"datahub-events-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_new_store_reads_dossier_steps_through_the_causedBy_index()
    {
        await using var db = Store();

        await EventStoreSchema.PrepareAsync(db, CancellationToken.None);

        var plan = await Plan(db, "SELECT * FROM \"LifeEvents\" WHERE \"CausedBy\" IN ('00000000-0000-0000-0000-000000000001') ORDER BY \"Sequence\"");
        Assert.Contains(EventStoreSchema.CausedByIndex, plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_created_before_the_index_passes_the_schema_check_and_gains_the_index()
    {
        await using (var old = Store())
        {
            // What the previous version did on first start: the EF model and its fingerprint, no CausedBy index.
            await SchemaGuard.CheckAsync(old, "events", await old.Database.EnsureCreatedAsync(), CancellationToken.None);
            Assert.Empty(await Indexes(old));
        }

        await using var db = Store();
        await EventStoreSchema.PrepareAsync(db, CancellationToken.None);

        Assert.Equal([EventStoreSchema.CausedByIndex], await Indexes(db));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

    private EventDbContext Store() => new(new DbContextOptionsBuilder<EventDbContext>().UseSqlite($"Data Source={_file}").Options);

    private static async Task<List<string>> Indexes(EventDbContext db) => await db.Database
        .SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'LifeEvents' AND sql LIKE '%CausedBy%'")
        .ToListAsync();

    private static async Task<string> Plan(EventDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant test SQL
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}
