using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>The audit store, apart from the registry so that its steady appends never wait on policy edits.</summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> Entries => Set<AuditEntry>();

    public DbSet<AuditSubject> Subjects => Set<AuditSubject>();

    public DbSet<AuditHead> Head => Set<AuditHead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever(); // the writer numbers entries: the number is part of the hash
            b.HasIndex(e => e.Timestamp);
            b.HasIndex(e => e.Principal);
        });
        modelBuilder.Entity<AuditSubject>(b =>
        {
            b.HasKey(s => new { s.PersonalId, s.EntryId });
        });
        modelBuilder.Entity<AuditHead>().Property(h => h.Id).ValueGeneratedNever();
    }
}
