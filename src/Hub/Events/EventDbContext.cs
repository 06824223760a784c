using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Events;

/// <summary>
/// The life-event store: one table in its own database (<c>data/events.db</c> by default, PostgreSQL when
/// configured), so events can grow, be kept and be moved apart from the registry and the audit log.
/// </summary>
/// <remarks>
/// REVIEW: one table; on PostgreSQL at scale it becomes a table partitioned by month (as the audit entries are),
/// and a message broker can replace it later without changing the GraphQL contract.
/// </remarks>
public sealed class EventDbContext(DbContextOptions<EventDbContext> options) : DbContext(options)
{
    public DbSet<LifeEvent> Events => Set<LifeEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LifeEvent>(b =>
        {
            b.ToTable("LifeEvents");
            b.HasKey(e => e.Sequence);
            b.Property(e => e.Sequence).ValueGeneratedOnAdd();
            b.HasIndex(e => e.Id).IsUnique();
            b.HasIndex(e => new { e.Kind, e.Sequence });
            b.HasIndex(e => e.PersonalId);
            b.Property(e => e.Kind).HasMaxLength(64);
            b.Property(e => e.PublishedBy).HasMaxLength(64);
            b.Property(e => e.PersonalId).HasMaxLength(12);
            b.Property(e => e.RelatedPersonalId).HasMaxLength(12);
            b.Property(e => e.RegistrationNumber).HasMaxLength(64);
        });
    }
}
