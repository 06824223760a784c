using DataHub.Hub.Planning;

namespace DataHub.Hub.Access;

/// <summary>Why an operation may not run, with its stable code; <see cref="Field"/> names the refused field, if one.</summary>
public sealed record AccessRefusal(string Code, string Message, PlannedField? At = null, string? Field = null);
