namespace DataHub.Hub.Audit;

/// <summary>What a steward narrows the audit log by; every given condition must hold (times in UTC, <c>To</c> exclusive).</summary>
public sealed record AuditLogFilter(
    string? Department = null, string? Purpose = null, string? Citizen = null, string? Field = null, string? Outcome = null,
    DateTime? From = null, DateTime? To = null);
