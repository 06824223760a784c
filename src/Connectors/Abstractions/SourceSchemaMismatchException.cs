namespace DataHub.Connectors;

/// <summary>
/// A remote source (a department's own GraphQL or REST service) no longer serves what its committed source schema
/// says. Thrown at start-up when the remote answers but differs incompatibly; the hub reports every
/// <see cref="Problems"/> entry as a composition error, pointing at the file and line to look at.
/// </summary>
public sealed class SourceSchemaMismatchException(string sourceName, IReadOnlyList<SchemaMismatch> problems)
    : Exception($"The remote service of source '{sourceName}' does not match its source schema: " +
        string.Join("; ", problems.Select(p => p.Message)))
{
    public string SourceName { get; } = sourceName;

    public IReadOnlyList<SchemaMismatch> Problems { get; } = problems;
}

/// <summary>One difference between a source schema file and what the remote serves; <see cref="Line"/> is 0 when unknown.</summary>
public sealed record SchemaMismatch(string File, int Line, string Message);
