using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataHub.Connectors.Sql;

/// <summary>
/// An EF Core context whose model is built from a <see cref="SqlSourceMapping"/>: every mapped table is a
/// shared-type entity of <c>Dictionary&lt;string, object&gt;</c> with one indexer property per column.
/// That is what lets a new department database be a schema file plus a mapping, with no C# entity classes.
/// Contexts are pooled (<see cref="PooledDbContextFactory{TContext}"/>), so the mapping travels in the options
/// (<see cref="SqlMappingExtension"/>): a pooled context may take nothing else in its constructor.
/// </summary>
internal sealed class SqlSourceContext(DbContextOptions<SqlSourceContext> options) : DbContext(options)
{
    public SqlSourceMapping Mapping { get; } = options.FindExtension<SqlMappingExtension>()?.Mapping
        ?? throw new InvalidOperationException("A SQL source context needs its mapping in the options.");

    public IQueryable<Dictionary<string, object>> Rows(SqlEntityMap entity) =>
        Set<Dictionary<string, object>>(entity.TypeName).AsNoTracking();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var entity in Mapping.Entities.Values.Where(e => e.Table is not null))
        {
            modelBuilder.SharedTypeEntity<Dictionary<string, object>>(entity.TypeName, b =>
            {
                b.ToTable(entity.Table);
                foreach (var column in Columns(entity))
                {
                    b.IndexerProperty(column.ClrType, column.Name).HasColumnName(column.Name);
                }

                b.HasKey(entity.KeyColumn!.Name);
            });
        }
    }

    /// <summary>Every column an entity's table holds, including foreign keys of lists pointing at it.</summary>
    private IEnumerable<SqlColumn> Columns(SqlEntityMap entity)
    {
        var own = entity.Fields.Values.SelectMany(field => field switch
        {
            SqlColumnMap c => [c.Column],
            SqlReferenceMap r => [r.Column],
            SqlEmbeddedMap e => e.Columns.Values,
            _ => Array.Empty<SqlColumn>(),
        });
        var foreignKeys = Mapping.Entities.Values
            .SelectMany(e => e.Fields.Values.OfType<SqlCollectionMap>())
            .Where(c => c.ItemType == entity.TypeName)
            .Select(c => c.ForeignKey);
        return own.Concat(foreignKeys).DistinctBy(c => c.Name);
    }
}

/// <summary>Carries a source's mapping in the context options; it changes no EF Core service.</summary>
internal sealed class SqlMappingExtension(SqlSourceMapping mapping) : IDbContextOptionsExtension
{
    public SqlSourceMapping Mapping { get; } = mapping;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(SqlMappingExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Source={((SqlMappingExtension)Extension).Mapping.SourceName} ";

        // Every source shares one set of internal services: the mapping only shapes the model (cached per source).
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["DataHub:SourceName"] = ((SqlMappingExtension)Extension).Mapping.SourceName;
    }
}

/// <summary>One EF Core model per source, not one per context type (EF's default cache key).</summary>
internal sealed class SourceModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), ((SqlSourceContext)context).Mapping.SourceName, designTime);
}

/// <summary>Tells an observer each SQL statement a source ran (tests and diagnostics; never logged with values).</summary>
internal sealed class CommandObserverInterceptor(string sourceName, Action<string, string> observer) : DbCommandInterceptor
{
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        observer(sourceName, command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        observer(sourceName, command.CommandText);
        return ValueTask.FromResult(result);
    }
}
