using DataHub.Hub.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Tests.Scale;

public sealed class SchemaGuardTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"datahub-guard-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_store_created_by_this_version_passes_the_check_again()
    {
        await using var db = Registry();
        var created = await db.Database.EnsureCreatedAsync();
        await SchemaGuard.CheckAsync(db, "registry", created, CancellationToken.None);

        await SchemaGuard.CheckAsync(db, "registry", justCreated: false, CancellationToken.None);

        Assert.True(created);
    }

    [Fact]
    public async Task A_store_made_by_another_version_stops_start_up_with_what_to_do()
    {
        await using var db = Registry();
        await SchemaGuard.CheckAsync(db, "registry", await db.Database.EnsureCreatedAsync(), CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync("UPDATE datahub_schema SET fingerprint = '0123456789abcdef'");

        var error = await Assert.ThrowsAsync<UnknownSchemaException>(() => SchemaGuard.CheckAsync(db, "registry", false, CancellationToken.None));

        Assert.Contains("0123456789abcdef", error.Message);
        Assert.Contains("ConnectionStrings:Registry", error.Message);
    }

    [Fact]
    public async Task A_store_without_a_fingerprint_is_not_trusted()
    {
        await using var db = Registry();
        await db.Database.EnsureCreatedAsync();

        await Assert.ThrowsAsync<UnknownSchemaException>(() => SchemaGuard.CheckAsync(db, "registry", justCreated: false, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private RegistryDbContext Registry() =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite($"Data Source={_file}").Options);
}
