namespace DataHub.Connectors.Sql;

/// <summary>The database providers the SQL connector speaks.</summary>
public enum SqlProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>Where a SQL source lives. The connection string comes from configuration, never from code.</summary>
public sealed record SqlConnectionSettings(SqlProvider Provider, string ConnectionString)
{
    /// <summary>Called with (source, SQL text) before each statement; for tests and diagnostics.</summary>
    public Action<string, string>? CommandObserver { get; init; }
}
