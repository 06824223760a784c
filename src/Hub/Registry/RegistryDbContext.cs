using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.Documents;
using DataHub.Hub.Events;
using DataHub.Hub.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Registry;

/// <summary>
/// The hub's own database: departments, purposes, field classification, grants, consents and the departments'
/// registered (trusted) documents.
/// SQLite by default (<c>data/registry.db</c>); the same model runs on PostgreSQL.
/// </summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Purpose> Purposes => Set<Purpose>();

    public DbSet<FieldClassification> FieldClassifications => Set<FieldClassification>();

    public DbSet<FieldGrant> FieldGrants => Set<FieldGrant>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();

    /// <summary>Departments' requests for a citizen's consent, and the citizen's answer (Access/, issue 17).</summary>
    public DbSet<ConsentRequest> ConsentRequests => Set<ConsentRequest>();

    public DbSet<AdminChange> AdminChanges => Set<AdminChange>();

    public DbSet<TrustedDocument> TrustedDocuments => Set<TrustedDocument>();

    /// <summary>Kinds of life events and who may publish each (Events/).</summary>
    public DbSet<EventKind> EventKinds => Set<EventKind>();

    /// <summary>Who may receive which kind of life event, for which purpose (Events/).</summary>
    public DbSet<EventReceiver> EventReceivers => Set<EventReceiver>();

    /// <summary>The manually managed concurrency token of a grant (SQLite has no rowversion): bumped on every change.</summary>
    public const string GrantVersion = "Version";

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
        modelBuilder.Entity<ConsentRequest>(b =>
        {
            b.HasIndex(r => new { r.CitizenPersonalId, r.Status });
            b.HasIndex(r => r.DepartmentCode);
        });

        // Governance (Admin/): grants and requests carry a version so a second concurrent edit gets a conflict.
        modelBuilder.Entity<FieldGrant>().Property<int>(GrantVersion).IsConcurrencyToken();
        modelBuilder.Entity<AccessRequest>(b =>
        {
            b.Property(r => r.Status).HasConversion<string>();
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasIndex(r => new { r.DepartmentCode, r.Status });
        });
        modelBuilder.Entity<AdminChange>().HasIndex(c => c.Target);

        // Trusted documents (Documents/): one row per document of one app version of one department.
        modelBuilder.Entity<TrustedDocument>(b =>
        {
            b.Property(d => d.State).HasConversion<string>();
            b.Property(d => d.Version).IsConcurrencyToken();
            b.HasIndex(d => new { d.DepartmentCode, d.AppVersion, d.Hash }).IsUnique();
            b.HasIndex(d => d.State);
        });

        modelBuilder.Entity<EventKind>().HasKey(k => k.Code);
        modelBuilder.Entity<EventReceiver>().HasIndex(r => new { r.DepartmentCode, r.PurposeCode });
    }
}
