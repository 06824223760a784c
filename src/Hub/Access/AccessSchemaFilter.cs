using DataHub.Hub.Composition;
using GraphQL.Introspection;
using GraphQL.Types;

namespace DataHub.Hub.Access;

/// <summary>
/// Introspection per caller: a department sees only the fields it may read for some purpose, a steward or citizen
/// all but never-exposed ones. GraphQL.NET's schema filter gets no user context, so the request's principal comes
/// from the HTTP request, where caller resolution put it.
/// </summary>
public sealed class AccessSchemaFilter(IHttpContextAccessor http, AccessDecisions decisions, CompositeSchema composite) : DefaultSchemaFilter
{
    public override async Task<bool> AllowField(IGraphType parent, IFieldType field)
    {
        if (!await base.AllowField(parent, field))
        {
            return false;
        }

        var principal = http.HttpContext is { } context ? Identity.HubCaller.Of(context)?.Principal : null;
        if (principal is null)
        {
            return false; // No caller, no schema.
        }

        // Root fields declared for one kind of caller (the audit queries) show only to that kind.
        if (field.GetMetadata<string>(Audiences.Metadata) is { } audience)
        {
            return decisions.IsVisible(principal, $"{parent.Name}.{field.Name}", audience);
        }

        var typeName = parent.Name switch
        {
            var n when composite.Types.ContainsKey(n) => n,
            var n when n.EndsWith("FilterInput", StringComparison.Ordinal) => n[..^"FilterInput".Length],
            var n when n.EndsWith("SortInput", StringComparison.Ordinal) => n[..^"SortInput".Length],
            _ => null,
        };
        return typeName is null || !composite.Types.ContainsKey(typeName) || field.Name is "and" or "or"
            || decisions.IsVisible(principal, $"{typeName}.{field.Name}");
    }
}
