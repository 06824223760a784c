using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Registry;

/// <summary>
/// The hub refuses to start on a database whose schema it does not know. Each store records the fingerprint of the
/// model that created it (a hash of EF Core's create script for that provider); a different fingerprint means another
/// DataHub version made it, and starting anyway could corrupt it.
/// </summary>
/// <remarks>
/// REVIEW: a fingerprint instead of EF Core migrations: until the first production schema change, "create, then refuse
/// anything else" is the whole need; migrations per provider replace this when a schema must evolve in place.
/// </remarks>
public static class SchemaGuard
{
    public static string Fingerprint(DbContext db) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(db.Database.GenerateCreateScript())))[..16];

    /// <summary>Records the fingerprint of a store just created, or checks the one it has.</summary>
    public static async Task CheckAsync(DbContext db, string component, bool justCreated, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS datahub_schema (component varchar(64) PRIMARY KEY, fingerprint varchar(64) NOT NULL)", cancellationToken);
        var expected = Fingerprint(db);
        var found = await db.Database
            .SqlQuery<string>($"SELECT fingerprint AS \"Value\" FROM datahub_schema WHERE component = {component}")
            .ToListAsync(cancellationToken);
        if (found.Count == 0 && justCreated)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO datahub_schema (component, fingerprint) VALUES ({component}, {expected})", cancellationToken);
            return;
        }

        if (found.Count == 0 || found[0] != expected)
        {
            throw new UnknownSchemaException(component, found.FirstOrDefault(), expected);
        }
    }
}

/// <summary>The database was made by another DataHub version; start-up stops with what to do.</summary>
public sealed class UnknownSchemaException(string component, string? found, string expected) : Exception(
    $"The {component} database has a schema this DataHub does not know (fingerprint {found ?? "none"}, expected {expected}). " +
    $"It was created by another version: point ConnectionStrings:{char.ToUpperInvariant(component[0])}{component[1..]} at a new, empty database " +
    "(the embedded default: delete its file under the data folder) or migrate it.");
