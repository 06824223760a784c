using System.Text.Json.Nodes;

namespace DataHub.Hub.Statistics;

/// <summary>A form as it ran: the published table (the GraphQL answer's), or the refusal's code and message.</summary>
public sealed record FormRun(ReportForm Form, JsonNode? Table, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => Table is not null;
}
