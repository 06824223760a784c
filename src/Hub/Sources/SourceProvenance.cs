using System.Globalization;
using DataHub.Hub.Composition;
using DataHub.Hub.Hosting;
using DataHub.Hub.Planning;
using Microsoft.Data.Sqlite;

namespace DataHub.Hub.Sources;

/// <summary>
/// Which source answered each part of a response, and how old that source's data is, for <c>extensions.sources</c>:
/// per source, the response paths it answered (from the plan: the outermost field of each run of that source's
/// fields), the calls it received, when its data last changed, its age and declared freshness window
/// (<c>Sources:&lt;name&gt;:FreshnessMinutes</c>), and whether it is stale. The data's time is the database file's last
/// write for a SQLite source; a PostgreSQL or remote source does not say, so it is null there (and stale unknown).
/// </summary>
public sealed class SourceProvenance(CompositeSchema composite, Func<string, SourceConnectionOptions> connectionOf, TimeProvider clock)
{
    public Dictionary<string, object?> Describe(OperationPlan? plan, IReadOnlyDictionary<string, int> calls)
    {
        var paths = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var root in plan?.Roots ?? [])
        {
            var source = RootSource(root.Name);
            Walk(root, source, root.ResponseKey, null, paths);
        }

        var now = clock.GetUtcNow();
        var described = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var source in paths.Keys.Concat(calls.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var connection = connectionOf(source);
            var asOf = DataAsOf(connection);
            var window = TimeSpan.FromMinutes(connection.FreshnessMinutes);
            double? age = asOf is { } at ? Math.Max(0, Math.Round((now - at).TotalSeconds)) : null;
            described[source] = new Dictionary<string, object?>
            {
                ["paths"] = paths.TryGetValue(source, out var answered) ? answered.ToList() : new List<string>(),
                ["calls"] = calls.GetValueOrDefault(source),
                ["dataAsOf"] = asOf?.ToString("O", CultureInfo.InvariantCulture),
                ["ageSeconds"] = age,
                ["freshnessWindowSeconds"] = window.TotalSeconds,
                ["stale"] = age is { } seconds ? seconds > window.TotalSeconds : null,
            };
        }

        return described;
    }

    private void Walk(PlannedField field, string? source, string path, string? parentSource, Dictionary<string, SortedSet<string>> paths)
    {
        if (source is not null && source != parentSource)
        {
            if (!paths.TryGetValue(source, out var set))
            {
                paths[source] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(path);
        }

        foreach (var child in field.Children)
        {
            if (child.IsIntrospection)
            {
                continue;
            }

            var type = Named(child.ParentType);
            var owner = type is not null && composite.Types.TryGetValue(type, out var composed) ? composed.FindField(child.Name)?.OwnerSource : null;

            // A key field (no owner) or a connection's wrapper (nodes, pageInfo) is answered by the source around it.
            Walk(child, owner ?? source, path + "." + child.ResponseKey, source, paths);
        }
    }

    private static string? Named(global::GraphQL.Types.IGraphType type) => type switch
    {
        global::GraphQL.Types.IProvideResolvedType wrapper => Named(wrapper.ResolvedType!),
        _ => type.Name,
    };

    private string? RootSource(string name)
    {
        var roots = composite.QueryFields;
        for (var i = 0; i < roots.Count; i++)
        {
            if (roots[i].Name == name)
            {
                return roots[i].Source;
            }
        }

        return null;
    }

    private DateTimeOffset? DataAsOf(SourceConnectionOptions connection)
    {
        if (!connection.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(connection.ConnectionString))
        {
            return null;
        }

        // The file is asked for on every answer: its name is read from the connection string once.
        var file = _files.GetOrAdd(connection.ConnectionString, static text => new SqliteConnectionStringBuilder(text).DataSource);
        return File.Exists(file) ? new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero) : null;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);
}
