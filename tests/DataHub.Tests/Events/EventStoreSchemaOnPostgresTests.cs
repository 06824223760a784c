using DataHub.Hub.Events;
using DataHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Events;

/// <summary>The event store's <c>CausedBy</c> index on PostgreSQL, made by the same start-up step as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EventStoreSchemaOnPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_postgresql_store_has_the_causedBy_index_after_start_and_after_a_second_start()
    {
        var connectionString = postgres.NewDatabase("events");
        await using (var first = Store(connectionString))
        {
            await EventStoreSchema.PrepareAsync(first, CancellationToken.None);
        }

        await using var db = Store(connectionString);
        await EventStoreSchema.PrepareAsync(db, CancellationToken.None); // a restart: the guard passes, the DDL is idempotent

        var definitions = await db.Database
            .SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'LifeEvents' AND indexname = {EventStoreSchema.CausedByIndex}")
            .ToListAsync();
        var definition = Assert.Single(definitions);
        Assert.Contains("(\"CausedBy\")", definition, StringComparison.Ordinal);
    }

    private static EventDbContext Store(string connectionString) =>
        new(new DbContextOptionsBuilder<EventDbContext>().UseNpgsql(connectionString).Options);
}
