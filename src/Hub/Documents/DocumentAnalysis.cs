namespace DataHub.Hub.Documents;

/// <summary>What a registered document reads, and under which of its department's purposes all of it is allowed.</summary>
/// <param name="Fields">The <c>Type.field</c> names it discloses, as its audit entry would list them.</param>
/// <param name="Purposes">The department's purposes under which the access decision allows the whole document.</param>
/// <param name="NotGranted">Fields the department may read under none of its purposes.</param>
/// <param name="Errors">Why the document cannot run against the composite schema (empty when it can).</param>
public sealed record DocumentAnalysis(
    IReadOnlyList<string> Fields, IReadOnlyList<string> Purposes, IReadOnlyList<string> NotGranted, IReadOnlyList<string> Errors);
