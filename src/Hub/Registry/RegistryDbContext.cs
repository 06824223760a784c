using DataHub.Hub.Access;
using DataHub.Hub.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Registry;

/// <summary>
/// The hub's own database: departments, purposes, field classification, grants and consents.
/// SQLite by default (<c>data/registry.db</c>); the same model runs on PostgreSQL.
/// </summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Purpose> Purposes => Set<Purpose>();

    public DbSet<FieldClassification> FieldClassifications => Set<FieldClassification>();

    public DbSet<FieldGrant> FieldGrants => Set<FieldGrant>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Department>(b =>
        {
            b.HasKey(d => d.Code);
            b.HasIndex(d => d.EntraApplicationId).IsUnique();
        });
        modelBuilder.Entity<Purpose>().HasKey(p => p.Code);
        modelBuilder.Entity<FieldClassification>(b =>
        {
            b.HasKey(c => c.Field);
            b.Property(c => c.Class).HasConversion<string>();
        });
        modelBuilder.Entity<FieldGrant>().HasIndex(g => new { g.DepartmentCode, g.PurposeCode });
        modelBuilder.Entity<ConsentRecord>().HasIndex(c => new { c.CitizenPersonalId, c.DepartmentCode });
    }
}
