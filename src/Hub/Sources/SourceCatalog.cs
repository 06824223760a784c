using System.Collections.Concurrent;
using System.Text.Json;
using DataHub.Connectors;
using DataHub.Connectors.GraphQL;
using DataHub.Connectors.Http;
using DataHub.Connectors.Rest;
using DataHub.Connectors.Sql;
using DataHub.Hub.Composition;
using DataHub.Hub.Hosting;

namespace DataHub.Hub.Sources;

/// <summary>
/// The sources the hub knows: every <c>schema/&lt;source&gt;.graphql</c> with its <c>&lt;source&gt;.mapping.json</c>,
/// composed into one schema, each with the connector its mapping names. Disposing it releases the connectors'
/// connections (the SQL connector keeps prepared statements on open connections).
/// </summary>
public sealed class SourceCatalog : IDisposable
{
    private SourceCatalog(CompositeSchema composite, IReadOnlyDictionary<string, ISourceConnector> connectors)
    {
        Composite = composite;
        Connectors = connectors;
    }

    public CompositeSchema Composite { get; }

    public IReadOnlyDictionary<string, ISourceConnector> Connectors { get; }

    public void Dispose()
    {
        foreach (var connector in Connectors.Values.OfType<IDisposable>())
        {
            connector.Dispose();
        }
    }

    public static IEnumerable<string> SourceFiles(string schemaDirectory) =>
        Directory.EnumerateFiles(schemaDirectory, "*.graphql")
            .Where(f => Path.GetFileName(f) != CompositeSchemaFile.FileName)
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>Reads, composes and connects; throws <see cref="CompositionException"/> listing every problem.</summary>
    public static SourceCatalog Load(
        string schemaDirectory, Func<string, SourceConnectionOptions> connectionOf, SqlCommandLog? sqlLog = null, HttpSourceClients? http = null)
    {
        if (!Directory.Exists(schemaDirectory))
        {
            throw new CompositionException([new CompositionError("SCHEMA_DIRECTORY_MISSING", "Source Schemas Exist",
                schemaDirectory, 0, "the schema directory does not exist; set DataHub:SchemaDirectory.")]);
        }

        var errors = new List<CompositionError>();
        var schemas = SourceFiles(schemaDirectory).Select(f => SourceSchemaReader.Read(f, errors)).ToList();
        var unreadable = errors.Select(e => e.File).ToHashSet();
        var composite = SchemaComposer.Compose(schemas, errors);

        var connectors = new Dictionary<string, ISourceConnector>();
        foreach (var schema in schemas)
        {
            if (unreadable.Contains(SourceSchemaReader.DisplayPath(schema.FilePath)))
            {
                continue; // A mapping cannot be checked against a schema that did not parse.
            }

            try
            {
                connectors[schema.Name] = CreateConnector(schema, connectionOf(schema.Name), sqlLog, http);
            }
            catch (ConnectorConfigurationException ex)
            {
                errors.Add(new CompositionError(CompositionRules.MissingMapping.Code, CompositionRules.MissingMapping.Rule,
                    $"{Path.GetFileName(schemaDirectory)}/{ex.File}", 0, $"{ex.Location}: {ex.Problem}"));
            }
            catch (SourceSchemaMismatchException ex)
            {
                // A remote service that answers but no longer serves its committed schema stops start-up, like a broken file.
                errors.AddRange(ex.Problems.Select(p => new CompositionError(
                    RemoteSchemaMismatch.Code, RemoteSchemaMismatch.Rule, p.File, p.Line, $"{ex.SourceName}: {p.Message}")));
            }
        }

        return errors.Count > 0 ? throw new CompositionException(errors) : new SourceCatalog(composite, connectors);
    }

    private static ISourceConnector CreateConnector(
        SourceSchema schema, SourceConnectionOptions connection, SqlCommandLog? sqlLog, HttpSourceClients? http)
    {
        var mappingFile = Path.ChangeExtension(schema.FilePath, ".mapping.json");
        var mappingName = Path.GetFileName(mappingFile);
        if (!File.Exists(mappingFile))
        {
            throw new ConnectorConfigurationException(mappingName, "$", "every source schema needs a mapping file beside it.");
        }

        string kind;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(mappingFile));
            kind = document.RootElement.TryGetProperty("connector", out var k) ? k.GetString() ?? "" : "";
        }
        catch (JsonException ex)
        {
            throw new ConnectorConfigurationException(mappingName, $"line {ex.LineNumber + 1}", "not valid JSON.");
        }

        return kind switch
        {
            "sql" => new SqlConnector(SqlSourceMapping.Load(mappingFile, schema), SqlSettings(schema.Name, mappingName, connection, sqlLog)),
            "graphql" => RemoteGraphQL(GraphQLSourceMapping.Load(mappingFile, schema), HttpSettings(schema.Name, mappingName, connection), http),
            "rest" => new RestConnector(RestSourceMapping.Load(mappingFile, schema), HttpSettings(schema.Name, mappingName, connection), http),
            _ => throw new ConnectorConfigurationException(mappingName, "connector", $"'{kind}' is not a connector kind (sql, graphql, rest)."),
        };
    }

    /// <summary>The composite-schema rule a remote GraphQL service breaks when its introspection differs from its source schema.</summary>
    public static readonly (string Code, string Rule) RemoteSchemaMismatch = ("REMOTE_SCHEMA_MISMATCH", "Remote Schema Matches Source Schema");

    // The committed schema is checked against the remote's introspection now; a remote that does not answer yet is
    // not an error (its fields are SOURCE_UNAVAILABLE and /healthz says why until it answers).
    private static GraphQLConnector RemoteGraphQL(GraphQLSourceMapping mapping, HttpSourceSettings settings, HttpSourceClients? http)
    {
        var connector = new GraphQLConnector(mapping, settings, http);
        try
        {
            connector.VerifyRemoteSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
            return connector;
        }
        catch
        {
            connector.Dispose();
            throw;
        }
    }

    private static HttpSourceSettings HttpSettings(string source, string mappingName, SourceConnectionOptions connection)
    {
        if (!Uri.TryCreate(connection.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ConnectorConfigurationException(mappingName, $"Sources:{source}:Url",
                string.IsNullOrWhiteSpace(connection.Url) ? "no URL is configured." : $"'{connection.Url}' is not an http(s) URL.");
        }

        // The numbers were checked on start (SourceConnectionValidation).
        return new HttpSourceSettings(url)
        {
            Timeout = TimeSpan.FromSeconds(connection.TimeoutSeconds),
            FailuresBeforeBreak = connection.FailuresBeforeBreak,
            BreakDuration = TimeSpan.FromSeconds(connection.BreakSeconds),
            MinimumBreakDuration = TimeSpan.FromSeconds(connection.MinBreakSeconds),
        };
    }

    private static SqlConnectionSettings SqlSettings(string source, string mappingName, SourceConnectionOptions connection, SqlCommandLog? sqlLog)
    {
        var provider = connection.Provider.ToUpperInvariant() switch
        {
            "SQLITE" => SqlProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => SqlProvider.PostgreSQL,
            _ => throw new ConnectorConfigurationException(mappingName, $"Sources:{source}:Provider",
                $"'{connection.Provider}' is not a provider (Sqlite, PostgreSQL)."),
        };
        if (string.IsNullOrWhiteSpace(connection.ConnectionString))
        {
            throw new ConnectorConfigurationException(mappingName, $"Sources:{source}:ConnectionString", "no connection string is configured.");
        }

        return new SqlConnectionSettings(provider, connection.ConnectionString) { CommandObserver = sqlLog is null ? null : sqlLog.Record };
    }
}

/// <summary>The SQL text each source ran, kept when <c>DataHub:RecordSql</c> is on. Parameters, not values: no personal data.</summary>
public sealed class SqlCommandLog
{
    private readonly ConcurrentQueue<(string Source, string Sql)> _entries = new();

    public void Record(string source, string sql)
    {
        _entries.Enqueue((source, sql));
        while (_entries.Count > 1000 && _entries.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<(string Source, string Sql)> Drain()
    {
        var drained = new List<(string, string)>();
        while (_entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }

        return drained;
    }
}
