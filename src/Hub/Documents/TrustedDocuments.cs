using DataHub.Hub.Access;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Registry;
using GraphQL.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Documents;

/// <summary>
/// The request side of trusted documents, asked by the pipeline right after the request is read and before anything is
/// parsed: a request by id gets the stored text of an approved document of the caller's department; document text from a
/// department app is refused when <see cref="SecurityOptions.TrustedDocumentsOnly"/> is on. The registered documents are
/// cached with the access policy: whatever drops the policy (any registry change, on every instance through
/// <see cref="PolicyChangeListener"/>) drops them too, so a review, a retired version or a revoked grant applies to the
/// next request everywhere.
/// </summary>
public sealed class TrustedDocuments(IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, IOptions<SecurityOptions> options)
{
    /// <summary>The surface whose documents are registered (the composite schema at <c>/graphql</c>).</summary>
    public const string Surface = "Query";

    private readonly Lock _loading = new();
    private volatile Snapshot? _snapshot;

    public bool TrustedOnly => options.Value.TrustedDocumentsOnly;

    /// <summary>
    /// The request to execute: the stored text for a request by id, or the request as sent; or a refusal
    /// (<c>DOCUMENT_NOT_TRUSTED</c>, <c>DOCUMENT_NOT_FOUND</c>, <c>DOCUMENT_NOT_APPROVED</c>).
    /// </summary>
    public (GraphQLRequest? Request, DocumentUse? Use, RequestRefusal? Refusal) Resolve(
        HubPrincipal principal, GraphQLSurface surface, GraphQLRequest request, string? documentId)
    {
        if (documentId is null)
        {
            return TrustedOnly && principal.Kind == PrincipalKind.Department && surface.Name == Surface
                ? (null, null, new RequestRefusal(StatusCodes.Status403Forbidden, ErrorCodes.DocumentNotTrusted,
                    "This hub runs only registered, approved documents for department apps: send {\"documentId\": \"sha256:…\"} " +
                    "(documents push, then a steward's approval)."))
                : (request, null, null);
        }

        var candidates = surface.Name != Surface ? []
            : Current().ById.GetValueOrDefault(documentId, [])
                .Where(d => principal.Kind != PrincipalKind.Department || d.Department == principal.DepartmentCode).ToList();
        if (candidates.Count == 0)
        {
            return (null, null, new RequestRefusal(StatusCodes.Status404NotFound, ErrorCodes.DocumentNotFound,
                $"No document '{documentId}' is registered for {principal.DisplayName}: register it (documents push) and have it approved."));
        }

        // The newest approved version that holds this document; else say why the newest one may not run.
        if (candidates.FirstOrDefault(d => d.State == DocumentState.Approved) is not { } approved)
        {
            var newest = candidates[0];
            return (null, null, new RequestRefusal(StatusCodes.Status403Forbidden, ErrorCodes.DocumentNotApproved,
                $"The document '{documentId}' of {newest.Department} {newest.AppVersion} is {DocumentStates.Name(newest.State)}: " +
                (newest.State == DocumentState.Pending ? "a steward has not approved it yet." : "it runs only after a steward approves it again.")));
        }

        return (new GraphQLRequest
        {
            Query = approved.Text,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
        }, new DocumentUse(documentId, approved.Department, approved.AppVersion), null);
    }

    private Snapshot Current()
    {
        var policy = decisions.Policy;
        if (_snapshot is { } cached && ReferenceEquals(cached.Policy, policy))
        {
            return cached;
        }

        lock (_loading)
        {
            if (_snapshot is { } loadedMeanwhile && ReferenceEquals(loadedMeanwhile.Policy, policy))
            {
                return loadedMeanwhile;
            }

            // Read after the policy reference: a change committed in between is seen now, and drops the policy again after.
            using var db = registry.CreateDbContext();
            var documents = db.TrustedDocuments.AsNoTracking()
                .OrderByDescending(d => d.Id)
                .Select(d => new Entry(d.Hash, d.DepartmentCode, d.AppVersion, d.State, d.State == DocumentState.Approved ? d.Text : ""))
                .ToList();
            var snapshot = new Snapshot(policy, documents.GroupBy(d => d.Hash, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal));
            _snapshot = snapshot;
            return snapshot;
        }
    }

    private sealed record Entry(string Hash, string Department, string AppVersion, DocumentState State, string Text);

    private sealed record Snapshot(AccessPolicy Policy, Dictionary<string, List<Entry>> ById);
}
