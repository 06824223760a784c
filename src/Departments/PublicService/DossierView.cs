namespace DataHub.Departments.PublicService;

/// <summary>The data of <c>Dossier.graphql</c>.</summary>
public sealed record DossierView(DossierView.Record? Dossier)
{
    public sealed record Record(
        string Id, string Chain, string ChainName, string PersonalId, string State, string? Reason, string FiledAt, string LastStepAt, double? DurationSeconds,
        IReadOnlyList<Step> Steps);

    public sealed record Step(string Kind, string Name, string Department, string State, string? At, string? RegistrationNumber, double? SecondsFromFiling);
}
