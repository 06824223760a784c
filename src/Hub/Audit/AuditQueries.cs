using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Audit;

/// <summary>
/// The audit log in GraphQL: <c>myAccessLog</c> for a citizen (who read which of my fields, when, why) and
/// <c>auditLog</c> for stewards, with filters and paging.
/// </summary>
public static class AuditQueries
{
    public static IEnumerable<FieldType> Fields(IServiceProvider services)
    {
        var entry = EntryType();
        var connection = new ObjectGraphType { Name = "AccessLogConnection", Description = "A page of the audit log, newest first." };
        connection.AddField(new FieldType
        {
            Name = "nodes",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(entry))),
            Resolver = new FuncFieldResolver<object>(c => ((AuditPage)c.Source!).Entries),
        });
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("PageInfo")),
            Resolver = new FuncFieldResolver<object>(c => c.Source),
        });
        connection.AddField(new FieldType
        {
            Name = "totalCount",
            ResolvedType = new NonNullGraphType(new GraphQLTypeReference("Int")),
            Resolver = new FuncFieldResolver<object>(c => ((AuditPage)c.Source!).TotalCount),
        });

        var filter = new InputObjectGraphType { Name = "AuditLogFilterInput", Description = "Narrows the audit log; every given condition must hold." };
        foreach (var name in new[] { "department", "purpose", "citizen", "field", "outcome" })
        {
            filter.AddField(new FieldType { Name = name, ResolvedType = new GraphQLTypeReference("String") });
        }

        filter.AddField(new FieldType { Name = "from", ResolvedType = new GraphQLTypeReference("String"), Description = "ISO 8601 time, inclusive." });
        filter.AddField(new FieldType { Name = "to", ResolvedType = new GraphQLTypeReference("String"), Description = "ISO 8601 time, exclusive." });

        yield return new FieldType
        {
            Name = "myAccessLog",
            Description = "For a citizen token: every access to your record — which department, when, which fields, for which purpose.",
            ResolvedType = new NonNullGraphType(connection),
            Arguments = PagingArguments(),
            Metadata = { [Audiences.Metadata] = Audiences.Citizen },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                // Who may ask was decided before execution (AccessDecisions); here the citizen's own entries are chosen.
                var personalId = Principal(context).PersonalId!;
                return await PageAsync(context, services, (db, q) => q.Where(e => db.Subjects.Any(s => s.EntryId == e.Id && s.PersonalId == personalId)));
            }),
        };

        yield return new FieldType
        {
            Name = "auditLog",
            Description = "For data stewards: the whole audit log, filtered and paged, newest first.",
            ResolvedType = new NonNullGraphType(connection),
            Arguments = new QueryArguments(PagingArguments().Append(new QueryArgument(filter) { Name = "where" })),
            Metadata = { [Audiences.Metadata] = Audiences.Steward },
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var where = context.GetArgument<Dictionary<string, object?>>("where") ?? [];
                var filter = new AuditLogFilter(
                    where.GetValueOrDefault("department") as string, where.GetValueOrDefault("purpose") as string,
                    where.GetValueOrDefault("citizen") as string, where.GetValueOrDefault("field") as string,
                    where.GetValueOrDefault("outcome") as string,
                    where.GetValueOrDefault("from") is string from ? ParseTime(from, "from") : null,
                    where.GetValueOrDefault("to") is string to ? ParseTime(to, "to") : null);
                return await PageAsync(context, services, (db, q) => Filter(db, q, filter));
            }),
        };
    }

    /// <summary>
    /// The steward's search of the audit log, newest first: the entries of one page and how many match in all. The
    /// same filter as <c>auditLog(where:)</c>, for the steward console.
    /// </summary>
    public static async Task<(List<AuditEntry> Entries, int TotalCount)> SearchAsync(
        IServiceProvider services, AuditLogFilter filter, int take, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync(cancellationToken);
        var query = Filter(db, db.Entries.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        return (rows, total);
    }

    private static IQueryable<AuditEntry> Filter(AuditDbContext db, IQueryable<AuditEntry> query, AuditLogFilter where)
    {
        if (where.Department is { } department)
        {
            var steward = department + ":";
            query = query.Where(e => e.Principal == department || e.Principal.StartsWith(steward));
        }

        if (where.Purpose is { } purpose)
        {
            query = query.Where(e => e.Purpose == purpose);
        }

        if (where.Outcome is { } outcome)
        {
            query = query.Where(e => e.Outcome == outcome);
        }

        if (where.Citizen is { } citizen)
        {
            query = query.Where(e => db.Subjects.Any(s => s.EntryId == e.Id && s.PersonalId == citizen));
        }

        if (where.Field is { } field)
        {
            query = query.Where(e => ("," + e.Fields + ",").Contains("," + field + ","));
        }

        if (where.From is { } from)
        {
            query = query.Where(e => e.Timestamp >= from);
        }

        if (where.To is { } to)
        {
            query = query.Where(e => e.Timestamp < to);
        }

        return query;
    }

    private static async Task<AuditPage> PageAsync(
        IResolveFieldContext context, IServiceProvider services, Func<AuditDbContext, IQueryable<AuditEntry>, IQueryable<AuditEntry>> narrow)
    {
        var (skip, take) = services.GetRequiredService<PagingRules>().Window(context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
        await using var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync(context.CancellationToken);
        var query = narrow(db, db.Entries.AsNoTracking());
        var total = await query.CountAsync(context.CancellationToken);
        var rows = await query.OrderByDescending(e => e.Id).Skip(skip).Take(take + 1).ToListAsync(context.CancellationToken);
        var principal = Principal(context);
        return new AuditPage(rows.Take(take).Select(e => new AuditView(e, principal)).ToList(), skip, rows.Count > take, total);
    }

    private static ObjectGraphType EntryType()
    {
        var type = new ObjectGraphType { Name = "AccessLogEntry", Description = "One access recorded in the audit log." };
        void Add(string name, string description, IGraphType graphType, Func<AuditView, object?> read) => type.AddField(new FieldType
        {
            Name = name,
            Description = description,
            ResolvedType = graphType,
            Resolver = new FuncFieldResolver<object>(c => read((AuditView)c.Source!)),
        });
        var text = new NonNullGraphType(new GraphQLTypeReference("String"));
        var list = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference("String"))));
        Add("id", "The entry's number in the chain.", new NonNullGraphType(new GraphQLTypeReference("ID")), v => v.Entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("at", "When (UTC, ISO 8601).", text, v => AuditEntry.CanonicalTime(v.Entry.Timestamp));
        Add("department", "Who read: a department code, the steward (by name for stewards), or citizen.", text, v => v.Department);
        Add("purpose", "The purpose stated.", new GraphQLTypeReference("String"), v => v.Entry.Purpose);
        Add("fields", "The fields read (Type.field).", list, v => Split(v.Entry.Fields));
        Add("outcome", "ok, partial or rejected.", text, v => v.Entry.Outcome);
        Add("errorCodes", "Error codes of the answer.", list, v => Split(v.Entry.ErrorCodes));
        Add("citizens", "Whose fields were returned (a citizen sees only themselves).", list, v => v.Citizens);
        Add("hash", "The entry's chain hash.", text, v => v.Entry.Hash);
        return type;
    }

    /// <summary>An entry as one caller sees it in <c>AccessLogEntry</c> (a citizen's notification carries one).</summary>
    public static object ViewFor(AuditEntry entry, HubPrincipal principal) => new AuditView(entry, principal);

    private static QueryArguments PagingArguments() => new(
        new QueryArgument(new GraphQLTypeReference("Int")) { Name = "first" },
        new QueryArgument(new GraphQLTypeReference("String")) { Name = "after" });

    private static HubPrincipal Principal(IResolveFieldContext context) =>
        ((HubRequestContext)context.UserContext).Principal ?? throw new DataHubError(ErrorCodes.Unauthenticated, "No caller.");

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static DateTime ParseTime(string text, string name) =>
        DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new DataHubError(ErrorCodes.InvalidArgument, $"'{name}' is not an ISO 8601 time.");

    /// <summary>An entry as one caller may see it.</summary>
    private sealed class AuditView(AuditEntry entry, HubPrincipal principal)
    {
        public AuditEntry Entry { get; } = entry;

        public string[] Citizens { get; } = principal.Kind == PrincipalKind.Citizen
            ? [principal.PersonalId!]
            : Split(entry.Citizens);

        /// <summary>A citizen sees that a data steward acted; stewards see which one.</summary>
        public string Department { get; } = principal.Kind == PrincipalKind.Citizen && entry.PrincipalKind == "steward" ? "steward" : entry.Principal;
    }
}

/// <summary>A page of audit entries.</summary>
public sealed record AuditPage(IReadOnlyList<object> Entries, int Offset, bool HasNextPage, int TotalCount) : IPageWindow
{
    public int Count => Entries.Count;
}
