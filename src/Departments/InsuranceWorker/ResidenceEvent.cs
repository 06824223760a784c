using DataHub.Departments.LienThong;

namespace DataHub.Departments.InsuranceWorker;

/// <summary>A PermanentResidenceRegistered event as <c>ResidencesToInsure.graphql</c> reads it.</summary>
public sealed record ResidenceEvent(string Id, string Cursor, string Kind, string PersonalId, ResidenceEvent.Resident? Citizen) : ILifeEventNode
{
    public sealed record Resident(string? FullName, string? DateOfBirth, string? Sex, Card? InsuranceCard);

    public sealed record Card(string CardNumber);
}
