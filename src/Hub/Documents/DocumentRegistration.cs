using System.Text.RegularExpressions;
using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Registry;
using GraphQLParser.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Documents;

/// <summary>
/// The registry side of trusted documents: a department pushes the operations of one app version (admin API or
/// <c>documents push</c>), each checked against the composite schema and stored pending with the fields it reads and the
/// purposes it may run under (<see cref="DocumentAnalyser"/>); a steward approves or rejects each; retiring an app version
/// retires its documents; revoking a grant marks the documents that needed it (<see cref="MarkDependentsAsync"/>).
/// Every change is recorded (<see cref="AdminChangeLog"/>) in its own transaction and drops the cached policy and
/// documents on every instance (<see cref="AccessDecisions.Invalidate"/>).
/// </summary>
public sealed partial class DocumentRegistration(
    IDbContextFactory<RegistryDbContext> registry, AccessDecisions decisions, IServiceProvider services, RequestLimits limits,
    IOptions<SecurityOptions> options, TimeProvider clock)
{
    public const int MaxAppVersionLength = 64;

    private DocumentAnalyser Analyser => services.GetRequiredService<DocumentAnalyser>();

    /// <summary>
    /// Registers one app version's documents, pending review. A document already registered for that version keeps its
    /// state. Any document that does not parse or run against the composite schema refuses the whole push (DOCUMENT_INVALID).
    /// </summary>
    public async Task<IReadOnlyList<TrustedDocument>> PushAsync(
        string department, string appVersion, IReadOnlyList<DocumentFile> files, string submittedBy, CancellationToken cancellationToken)
    {
        appVersion = appVersion.Trim();
        if (appVersion.Length is 0 or > MaxAppVersionLength || !AppVersionPattern().IsMatch(appVersion))
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument,
                $"The app version must be 1 to {MaxAppVersionLength} letters, digits, '.', '-', '_' or '+' (e.g. 1.4).", ("argument", "appVersion"));
        }

        if (files.Count == 0 || files.Count > options.Value.MaxDocumentsPerPush)
        {
            throw AdminErrors.Error(AdminErrors.InvalidArgument,
                $"Push 1 to {options.Value.MaxDocumentsPerPush} documents at a time (Security:MaxDocumentsPerPush); this push has {files.Count}.",
                ("argument", "documents"));
        }

        await using (var check = await registry.CreateDbContextAsync(cancellationToken))
        {
            await AccessAdministration.RequireDepartmentAsync(check, department, cancellationToken);
        }

        var analysed = new List<(DocumentFile File, string Text, string Id, DocumentAnalysis Analysis)>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            AdminLimits.Text(file.Name, "name", AdminLimits.MaxNameLength);
            if (file.Text.Length > limits.MaxQueryLength)
            {
                problems.Add($"{file.Name}: longer than {limits.MaxQueryLength} characters (DataHub:Limits:MaxQueryLength).");
                continue;
            }

            string text;
            try
            {
                text = DocumentText.Normalise(file.Text, limits.MaxParserDepth);
            }
            catch (Exception ex) when (ex is GraphQLSyntaxErrorException or GraphQLMaxDepthExceededException)
            {
                problems.Add($"{file.Name}: {ex.Message}");
                continue;
            }

            var analysis = await Analyser.AnalyseAsync(department, text, services, cancellationToken);
            problems.AddRange(analysis.Errors.Select(e => $"{file.Name}: {e}"));
            analysed.Add((file, text, DocumentText.IdOf(text), analysis));
        }

        if (problems.Count > 0)
        {
            throw AdminErrors.Error(DocumentErrors.DocumentInvalid,
                $"Nothing was registered: {problems.Count} problem(s). {string.Join(" ", problems.Take(20))}", ("problems", problems.Take(100).ToList()));
        }

        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.TrustedDocuments.Where(d => d.DepartmentCode == department && d.AppVersion == appVersion).ToListAsync(cancellationToken);
        if (existing.Any(d => d.State == DocumentState.Retired))
        {
            throw AdminErrors.Error(DocumentErrors.AppVersionRetired,
                $"{department} {appVersion} is retired; push the documents as a new app version.", ("appVersion", appVersion));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var result = new List<TrustedDocument>();
        var added = new List<TrustedDocument>();
        foreach (var (file, text, id, analysis) in analysed.DistinctBy(a => a.Id))
        {
            if (existing.FirstOrDefault(d => d.Hash == id) is { } known)
            {
                result.Add(known);
                continue;
            }

            var document = new TrustedDocument
            {
                Hash = id,
                DepartmentCode = department,
                AppVersion = appVersion,
                Name = file.Name,
                Text = text,
                Fields = string.Join(",", analysis.Fields),
                Purposes = string.Join(",", analysis.Purposes),
                State = DocumentState.Pending,
                SubmittedAt = now,
                SubmittedBy = submittedBy,
            };
            db.TrustedDocuments.Add(document);
            result.Add(document);
            added.Add(document);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var document in added)
        {
            AdminChangeLog.Record(db, new ChangeAuthor(submittedBy, null), "registerDocument", Target(document), null, Snapshot(document), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return result;
    }

    /// <summary>Registered documents, newest first, at most <see cref="DocumentAdminFields.MaxListed"/>: for the admin API and the console.</summary>
    public async Task<List<TrustedDocument>> ListAsync(string? department, string? appVersion, DocumentState? state, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        return await db.TrustedDocuments.AsNoTracking()
            .Where(d => (department == null || d.DepartmentCode == department) && (appVersion == null || d.AppVersion == appVersion)
                && (state == null || d.State == state))
            .OrderByDescending(d => d.Id).Take(DocumentAdminFields.MaxListed).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Approves a pending document (or one marked after a grant was revoked), if every field it reads is allowed for its
    /// department under at least one purpose now; otherwise FIELD_NOT_GRANTED names the fields, and nothing changes.
    /// </summary>
    public async Task<TrustedDocument> ApproveAsync(int id, int version, ChangeAuthor author, CancellationToken cancellationToken)
    {
        return await ReviewAsync(id, version, author, "approveDocument", async document =>
        {
            var analysis = await Analyser.AnalyseAsync(document.DepartmentCode, document.Text, services, cancellationToken);
            if (analysis.Errors.Count > 0)
            {
                throw AdminErrors.Error(DocumentErrors.DocumentInvalid,
                    $"Document {id} no longer runs against the composite schema: {string.Join(" ", analysis.Errors)}", ("document", id));
            }

            if (analysis.Purposes.Count == 0)
            {
                var fields = analysis.NotGranted.Count > 0 ? analysis.NotGranted : analysis.Fields;
                throw AdminErrors.Error(DocumentErrors.FieldNotGranted,
                    $"Document {id} cannot be approved: the department '{document.DepartmentCode}' has no grant " +
                    (analysis.NotGranted.Count > 0
                        ? $"for {string.Join(", ", fields)} under any purpose it may state."
                        : $"that covers all of {string.Join(", ", fields)} under one purpose it may state.") +
                    " Grant the fields first (grantAccess, or the department's requestAccess), or reject the document.",
                    ("document", id), ("department", document.DepartmentCode), ("fields", fields));
            }

            document.Fields = string.Join(",", analysis.Fields);
            document.Purposes = string.Join(",", analysis.Purposes);
            document.State = DocumentState.Approved;
        }, cancellationToken);
    }

    /// <summary>Rejects a pending document; the reason is required and kept.</summary>
    public async Task<TrustedDocument> RejectAsync(int id, int version, ChangeAuthor author, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(author.Reason))
        {
            throw AdminErrors.Error(AdminErrors.ReasonRequired, "Say why the document is rejected (reason): the department sees it.");
        }

        return await ReviewAsync(id, version, author, "rejectDocument", document =>
        {
            document.State = DocumentState.Rejected;
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Retires every document of one app version: they stop running on the next request, on every instance.</summary>
    public async Task<IReadOnlyList<TrustedDocument>> RetireAppVersionAsync(
        string department, string appVersion, ChangeAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var documents = await db.TrustedDocuments.Where(d => d.DepartmentCode == department && d.AppVersion == appVersion)
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
        if (documents.Count == 0)
        {
            throw AdminErrors.Error(DocumentErrors.UnknownAppVersion,
                $"'{department}' has no documents registered as app version '{appVersion}'.", ("department", department), ("appVersion", appVersion));
        }

        if (documents.All(d => d.State == DocumentState.Retired))
        {
            throw AdminErrors.Error(DocumentErrors.AppVersionRetired, $"{department} {appVersion} is already retired.", ("appVersion", appVersion));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var document in documents.Where(d => d.State != DocumentState.Retired))
        {
            var before = Snapshot(document);
            document.State = DocumentState.Retired;
            document.Reason = author.Reason ?? "App version retired.";
            document.Version++;
            AdminChangeLog.Record(db, author, "retireAppVersion", Target(document), before, Snapshot(document), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return documents;
    }

    /// <summary>
    /// Called in the transaction that revokes <paramref name="grant"/>: every approved document of its department that reads
    /// its field loses its purpose; one left with no purpose is marked <see cref="DocumentState.GrantRevoked"/> and no longer
    /// runs until a steward approves it again. The caller commits and drops the caches.
    /// </summary>
    public static async Task MarkDependentsAsync(RegistryDbContext db, FieldGrant grant, ChangeAuthor author, DateTime now, CancellationToken cancellationToken)
    {
        var stillGranted = await db.FieldGrants.AnyAsync(g => g.Id != grant.Id && g.DepartmentCode == grant.DepartmentCode
            && g.Field == grant.Field && g.PurposeCode == grant.PurposeCode && g.RevokedAt == null, cancellationToken);
        if (stillGranted)
        {
            return;
        }

        var documents = await db.TrustedDocuments
            .Where(d => d.DepartmentCode == grant.DepartmentCode && d.State == DocumentState.Approved && d.Fields.Contains(grant.Field))
            .ToListAsync(cancellationToken);
        foreach (var document in documents.Where(d => d.FieldList.Contains(grant.Field) && d.PurposeList.Contains(grant.PurposeCode)))
        {
            var before = Snapshot(document);
            var purposes = document.PurposeList.Where(p => p != grant.PurposeCode).ToList();
            document.Purposes = string.Join(",", purposes);
            if (purposes.Count == 0)
            {
                document.State = DocumentState.GrantRevoked;
                document.Reason = $"Grant {grant.Id} ({grant.Field} for {grant.PurposeCode}) was revoked.";
            }

            document.Version++;
            AdminChangeLog.Record(db, author, "revokeGrant", Target(document), before, Snapshot(document), now);
        }
    }

    private async Task<TrustedDocument> ReviewAsync(
        int id, int version, ChangeAuthor author, string action, Func<TrustedDocument, Task> decide, CancellationToken cancellationToken)
    {
        AdminLimits.Text(author.Reason, "reason");
        await using var db = await registry.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.TrustedDocuments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw AdminErrors.Error(DocumentErrors.UnknownDocument, $"There is no registered document {id}.", ("document", id));
        if (document.State is not (DocumentState.Pending or DocumentState.GrantRevoked))
        {
            throw AdminErrors.Error(DocumentErrors.DocumentDecided,
                $"Document {id} is {DocumentStates.Name(document.State)} (by {document.ReviewedBy ?? "the hub"}); only a pending document is reviewed.",
                ("document", id), ("state", document.State.ToString()));
        }

        if (document.Version != version)
        {
            throw AdminErrors.VersionConflict($"Document {id}", version, document.Version);
        }

        var before = Snapshot(document);
        await decide(document);
        var now = clock.GetUtcNow().UtcDateTime;
        document.ReviewedBy = author.Actor;
        document.ReviewedAt = now;
        document.Reason = string.IsNullOrWhiteSpace(author.Reason) ? null : author.Reason.Trim();
        document.Version++;
        AdminChangeLog.Record(db, author, action, Target(document), before, Snapshot(document), now);
        await AccessAdministration.SaveOrConflictAsync(db, $"Document {id}", version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        decisions.Invalidate();
        return document;
    }

    private static string Target(TrustedDocument document) => $"document/{document.Id}";

    private static object Snapshot(TrustedDocument d) => new
    {
        id = d.Id,
        documentId = d.Hash,
        department = d.DepartmentCode,
        appVersion = d.AppVersion,
        name = d.Name,
        state = d.State.ToString(),
        fields = d.Fields,
        purposes = d.Purposes,
        reviewedBy = d.ReviewedBy,
        version = d.Version,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex AppVersionPattern();
}
